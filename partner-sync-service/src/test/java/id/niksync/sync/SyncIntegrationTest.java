package id.niksync.sync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import id.niksync.testsupport.EmbeddedPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * partner-sync-service as it runs, on a random port, with a real KRaft broker and real
 * PostgreSQL, and the operators of {@link TestOperators}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "niksync.topic.partitions=3",
				// the operators of TestOperators; a low BCrypt cost keeps polling tests
				// fast
				"niksync.access.password-strength=4",
				// The suite fails sign-ins on purpose, all from 127.0.0.1.
				"niksync.access.refused-sign-in-burst=100000",
				// and sends requests without a valid key from it (the limit itself:
				// UnauthenticatedRateLimitIntegrationTests)
				"niksync.access.unauthenticated-limit.burst=100000",
				"niksync.access.bootstrap-operators[0].username=" + TestOperators.ADMIN,
				"niksync.access.bootstrap-operators[0].password=" + TestOperators.ADMIN_PASSWORD,
				"niksync.access.bootstrap-operators[0].roles=ADMIN",
				"niksync.access.bootstrap-operators[1].username=" + TestOperators.OPERATOR,
				"niksync.access.bootstrap-operators[1].password=" + TestOperators.OPERATOR_PASSWORD,
				"niksync.access.bootstrap-operators[1].roles=OPERATOR" })
@EmbeddedKafka(kraft = true, partitions = 3, topics = { "nik-changes", "nik-changes-dlt" })
@ContextConfiguration(initializers = EmbeddedPostgres.class)
public @interface SyncIntegrationTest {

}
