package id.niksync.registry.republish;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import id.niksync.registry.RegistryIntegrationTest;

import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * The registry with a broker, and republish settings small enough that a job's progress
 * can be watched: the re-online and republish tests share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@TestPropertySource(properties = { "niksync.republish.batch-size=100", "niksync.republish.pause-between-batches=100ms",
		"niksync.republish.max-niks=50" })
@interface RepublishIntegrationTest {

}
