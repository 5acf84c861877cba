package id.niksync.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import id.niksync.testsupport.EmbeddedPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The registry as it runs, on a random port, against real PostgreSQL, with the accounts
 * of {@link TestAccounts}. Add {@code @EmbeddedKafka(kraft = true)} for a real broker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"niksync.outbox.poll-interval=50ms" })
@ContextConfiguration(initializers = EmbeddedPostgres.class)
@TestPropertySource(locations = "classpath:test-accounts.properties")
@Import(TestAccounts.class)
public @interface RegistryIntegrationTest {

}
