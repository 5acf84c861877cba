package id.niksync.sync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import id.niksync.testsupport.EmbeddedPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * partner-sync-service's beans without a server (a mock servlet environment) and with its
 * Kafka listeners stopped, against real PostgreSQL: for tests that drive the replica's or
 * the audit's writers themselves. A broker is there although nothing here uses one:
 * without it the context's start waited 25 s for the Kafka clients of start-up steps to
 * give up ({@code PreviousGroupOffsets}, {@code ReplicaRebuilder}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false" })
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
@ContextConfiguration(initializers = EmbeddedPostgres.class)
public @interface ServiceWithoutListenersTest {

}
