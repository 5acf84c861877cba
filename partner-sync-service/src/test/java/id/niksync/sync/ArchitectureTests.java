package id.niksync.sync;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** partner-sync's feature boundaries, checked rather than reviewed. */
@AnalyzeClasses(packagesOf = PartnerSyncApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featuresHaveNoCycles = slices().matching("id.niksync.sync.(*)..").should().beFreeOfCycles();

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

}
