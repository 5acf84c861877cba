package id.niksync.sync;

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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** partner-sync's feature boundaries, checked rather than reviewed. */
@AnalyzeClasses(packagesOf = PartnerSyncApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String ROOT = "id.niksync.sync";

	private static final String SYSTEM = ROOT + ".system..";

	@ArchTest
	static final ArchRule featuresHaveNoCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule onlyIngestionSpeaksTheWireFormat = noClasses().that()
		.resideOutsideOfPackages("id.niksync.sync.ingest..", "id.niksync.sync.deadletter..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("id.niksync.schemas.avro..");

	@ArchTest
	static final ArchRule theRegistryHasOneClient = noClasses().that()
		.resideOutsideOfPackage("id.niksync.sync.registry..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.web.client..", "java.net.http..")
		.because("registry-service is the one service partner-sync calls, through registry.RegistryClient");

	@ArchTest
	static final ArchRule theReplicaKnowsNothingOfKafka = noClasses().that()
		.resideInAPackage("id.niksync.sync.replica..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

	@ArchTest
	static final ArchRule theRootPackageHoldsOnlyTheApplication = classes().that()
		.resideInAPackage(ROOT)
		.should()
		.haveSimpleName("PartnerSyncApplication")
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
		.because("a feature refuses with a CodedProblemException; Problems builds every body, code included, "
				+ "and ProblemWriter writes it outside Spring MVC");

	@ArchTest
	static final ArchRule theOneAdviceLivesInSystem = classes().that()
		.areMetaAnnotatedWith(ControllerAdvice.class)
		.should()
		.resideInAPackage(SYSTEM);

	@ArchTest
	static final ArchRule securityRefusalsAreAnsweredInOnePlace = noClasses().should()
		.implement(AuthenticationEntryPoint.class)
		.orShould()
		.implement(AccessDeniedHandler.class)
		.orShould()
		.implement(RequestRejectedHandler.class)
		.because("a 401 or 403 is a problem like any other: access-support's SecurityProblems answers them");

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
		.because("a meter is an output; whoever counts hands out typed values (IngestCounters)");

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
