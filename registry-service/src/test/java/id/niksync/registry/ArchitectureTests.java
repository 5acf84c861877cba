package id.niksync.registry;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The registry's feature boundaries, checked rather than reviewed. */
@AnalyzeClasses(packagesOf = RegistryApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String ROOT = "id.niksync.registry";

	private static final String SYSTEM = ROOT + ".system..";

	@ArchTest
	static final ArchRule featuresHaveNoCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule onlyTheOutboxSpeaksTheWireFormat = noClasses().that()
		.resideOutsideOfPackage("id.niksync.registry.outbox..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("id.niksync.schemas.avro..");

	@ArchTest
	static final ArchRule residentsDoNotKnowTheOutbox = noClasses().that()
		.resideInAPackage("id.niksync.registry.resident..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("id.niksync.registry.outbox..", "org.springframework.kafka..");

	@ArchTest
	static final ArchRule theRootPackageHoldsOnlyTheApplication = classes().that()
		.resideInAPackage(ROOT)
		.should()
		.haveSimpleName("RegistryApplication")
		.because("cross-cutting code lives in system/, everything else in its feature");

	@ArchTest
	static final ArchRule systemKnowsNoFeature = noClasses().that()
		.resideInAPackage(SYSTEM)
		.should()
		.dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(SYSTEM))))
		.because("every feature may use system/, so system/ using a feature would be a cycle");

	@ArchTest
	static final ArchRule onlySystemBuildsProblemDetails = noClasses().that()
		.resideOutsideOfPackage(SYSTEM)
		.should()
		.callMethod(ProblemDetail.class, "forStatusAndDetail", HttpStatusCode.class, String.class)
		.orShould()
		.callMethod(ProblemDetail.class, "forStatus", HttpStatusCode.class)
		.orShould()
		.callMethod(ProblemDetail.class, "forStatus", int.class)
		.because("a feature refuses with a CodedProblemException; Problems builds every body, code included");

	@ArchTest
	static final ArchRule theOneAdviceLivesInSystem = classes().that()
		.areMetaAnnotatedWith(ControllerAdvice.class)
		.should()
		.resideInAPackage(SYSTEM);

	@ArchTest
	static final ArchRule controllersAndConfigurationAreNoFeaturesApi = classes().that()
		.areAnnotatedWith(RestController.class)
		.or()
		.areAnnotatedWith(Configuration.class)
		.should(onlyBeUsedInTheirOwnPackage())
		.because("a feature's web layer and wiring are its internals");

	@ArchTest
	static final ArchRule nothingReadsMetersBackByName = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("io.micrometer.core.instrument.search..")
		.because("a meter is an output; whoever counts hands out typed values");

	static ArchCondition<JavaClass> onlyBeUsedInTheirOwnPackage() {
		return new ArchCondition<>("only be used in their own package") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				type.getDirectDependenciesToSelf()
					.stream()
					.filter((dependency) -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName()))
					.forEach((dependency) -> events
						.add(SimpleConditionEvent.violated(dependency, dependency.getDescription())));
			}
		};
	}

}
