package id.niksync.sync;

import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The operators every test context has (created at start-up from
 * {@link SyncIntegrationTest}'s properties), and requests signed in as them.
 */
public final class TestOperators {

	public static final String ADMIN = "test-admin";

	public static final String ADMIN_PASSWORD = "test-admin-password";

	public static final String OPERATOR = "siti.operator";

	public static final String OPERATOR_PASSWORD = "test-operator-password";

	private TestOperators() {
	}

	/** Signed in as an OPERATOR (not ADMIN). */
	public static TestRestTemplate asOperator(TestRestTemplate http) {
		return http.withBasicAuth(OPERATOR, OPERATOR_PASSWORD);
	}

	/** Signed in as an ADMIN (which implies OPERATOR). */
	public static TestRestTemplate asAdmin(TestRestTemplate http) {
		return http.withBasicAuth(ADMIN, ADMIN_PASSWORD);
	}

}
