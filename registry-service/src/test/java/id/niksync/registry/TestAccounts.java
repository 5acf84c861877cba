package id.niksync.registry;

import java.util.List;

import id.niksync.registry.system.Caller;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The accounts of {@code test-accounts.properties}. Tests call as {@link #ALL} (every
 * role, every region) unless they are about who may call: then
 * {@code http.withBasicAuth(TestAccounts.REGISTRAR, TestAccounts.PASSWORD)} or
 * {@link #anonymous}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestAccounts {

	public static final String PASSWORD = "Kept-in-tests-only-4711";

	public static final String ALL = "test-all";

	/** REGISTRAR for regency 3511. */
	public static final String REGISTRAR = "test-registrar";

	/** SUPERVISOR for province 35. */
	public static final String SUPERVISOR = "test-supervisor";

	public static final String SERVICE = "test-service";

	public static final String ADMIN = "test-admin";

	public static final String MONITOR = "test-monitor";

	/**
	 * The builder behind the injected {@link TestRestTemplate}: signed in as
	 * {@link #ALL}.
	 */
	@Bean
	RestTemplateBuilder restTemplateBuilder() {
		return new RestTemplateBuilder().basicAuthentication(ALL, PASSWORD);
	}

	/** The caller service-layer tests act as: every region, from the loopback address. */
	public static Caller caller() {
		return new Caller(ALL, "127.0.0.1", List.of(), true);
	}

	/** The same service, called without credentials. */
	public static TestRestTemplate anonymous(TestRestTemplate http) {
		return new TestRestTemplate(new RestTemplateBuilder().rootUri(http.getRootUri()));
	}

}
