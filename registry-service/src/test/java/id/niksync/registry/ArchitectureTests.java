package id.niksync.registry;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The registry's feature boundaries, checked rather than reviewed. */
@AnalyzeClasses(packagesOf = RegistryApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featuresHaveNoCycles = slices().matching("id.niksync.registry.(*)..")
		.should()
		.beFreeOfCycles();

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

}
