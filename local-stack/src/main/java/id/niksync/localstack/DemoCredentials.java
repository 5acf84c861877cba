package id.niksync.localstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * DEMO ONLY: the local stack's operator sign-ins and partner API keys. They are published
 * here and on the console, so they must never be used outside the local stack;
 * partner-sync-service creates them at start-up (once) from the properties below.
 */
public final class DemoCredentials {

	public static final String ADMIN = "demo-admin";

	public static final String ADMIN_PASSWORD = "demo-admin-password";

	public static final String OPERATOR = "demo-operator";

	public static final String OPERATOR_PASSWORD = "demo-operator-password";

	/** One demo institution of each type. */
	public static final List<Institution> INSTITUTIONS = List.of(
			new Institution("Demo Bank", "BANK", "nsk_demobank0000_DEMO-ONLY-local-stack-bank-key-0000"),
			new Institution("Demo BPJS", "BPJS", "nsk_demobpjs0000_DEMO-ONLY-local-stack-bpjs-key-0000"),
			new Institution("Demo Kemenag", "KEMENAG", "nsk_demokemenag0_DEMO-ONLY-local-stack-kemenag-key-00"),
			new Institution("Demo Other", "OTHER", "nsk_demoother000_DEMO-ONLY-local-stack-other-key-0000"));

	private DemoCredentials() {
	}

	/**
	 * partner-sync-service's arguments, followed by the demo operators and institutions.
	 */
	static String[] withDemoAccess(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		String operators = "--niksync.access.bootstrap-operators[";
		all.addAll(List.of(operators + "0].username=" + ADMIN, operators + "0].password=" + ADMIN_PASSWORD,
				operators + "0].roles=ADMIN", operators + "1].username=" + OPERATOR,
				operators + "1].password=" + OPERATOR_PASSWORD, operators + "1].roles=OPERATOR"));
		for (int i = 0; i < INSTITUTIONS.size(); i++) {
			String prefix = "--niksync.access.bootstrap-institutions[" + i + "].";
			Institution institution = INSTITUTIONS.get(i);
			all.addAll(List.of(prefix + "name=" + institution.name(), prefix + "type=" + institution.type(),
					prefix + "requests-per-second=50", prefix + "api-key=" + institution.apiKey()));
		}
		return all.toArray(String[]::new);
	}

	/** The Authorization header value of the demo operator. */
	public static String operatorAuthorization() {
		return "Basic " + Base64.getEncoder()
			.encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

	public record Institution(String name, String type, String apiKey) {
	}

}
