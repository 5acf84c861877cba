package id.niksync.localstack;

import java.time.Duration;

import id.niksync.testsupport.Residents;

/** What the console shows once the stack is up: where everything is and what to try. */
final class StartupBanner {

	private StartupBanner() {
	}

	static String of(RunningStack stack, Duration took) {
		String seeding = (stack.seeded() > 0) ? "seeded " + stack.seeded() + " demo residents"
				: "demo data from an earlier run";
		String line = "=".repeat(92);
		return String.join(System.lineSeparator(), "", line,
				String.format("  NIK Sync local stack is up in %.1f s (%s)", took.toMillis() / 1000.0, seeding), "",
				"  registry-service       " + stack.registryUrl() + "   (log "
						+ stack.stack().logFile("registry-service") + ")",
				"  partner-sync-service   " + stack.syncUrl() + "   (log "
						+ stack.stack().logFile("partner-sync-service") + ")",
				"  operators' dashboard   " + stack.syncUrl() + "/ops/   (sign in as an operator below)",
				"  Kafka                  " + stack.bootstrapServers()
						+ "   (topic nik-changes, DLT nik-changes-dlt, replays nik-changes-replays)",
				"  registry database      " + stack.registryJdbcUrl() + "   (superuser postgres; the service is "
						+ stack.stack().registryDb().app().name() + ")",
				"  replica database       " + stack.syncJdbcUrl() + "   (superuser postgres; the service is "
						+ stack.stack().replicaDb().app().name() + ")",
				"  database passwords     " + stack.stack().databasePasswords().file() + "   (readable by you only)",
				"  data                   " + stack.settings().dir(), "",
				"  DEMO credentials (local stack only, published in the repository):",
				"    operators (HTTP Basic)  " + DemoCredentials.ADMIN + " / " + DemoCredentials.ADMIN_PASSWORD
						+ " (ADMIN),  " + DemoCredentials.OPERATOR + " / " + DemoCredentials.OPERATOR_PASSWORD
						+ " (OPERATOR)   on partner-sync",
				"    registry (HTTP Basic)   " + DemoCredentials.REGISTRAR + " / " + DemoCredentials.REGISTRAR_PASSWORD
						+ " (REGISTRAR, 3511),  " + DemoCredentials.SUPERVISOR + " / "
						+ DemoCredentials.SUPERVISOR_PASSWORD + " (SUPERVISOR, 35),  " + DemoCredentials.ADMIN + " / "
						+ DemoCredentials.ADMIN_PASSWORD + " (ADMIN)",
				"    partner API keys        " + partnerKeys(), "", "  Try:",
				"    curl -s -u " + DemoCredentials.REGISTRAR + ":" + DemoCredentials.REGISTRAR_PASSWORD + " "
						+ stack.registryUrl() + "/api/v1/residents/" + Residents.DEMO_NIK,
				"    curl -s -u " + DemoCredentials.OPERATOR + ":" + DemoCredentials.OPERATOR_PASSWORD + " "
						+ stack.syncUrl() + "/ops/residents/" + Residents.DEMO_NIK + "/sync-state",
				"    curl -s -H 'Authorization: ApiKey " + DemoCredentials.INSTITUTIONS.get(0).apiKey()
						+ "' -H 'X-Purpose: demo' " + stack.syncUrl() + "/partner/v1/residents/" + Residents.DEMO_NIK,
				"    " + stack.syncUrl() + "/swagger-ui.html   (the partner API)", "",
				"  Ctrl-C stops everything; the data stays (delete " + stack.settings().dir() + " to start afresh).",
				line);
	}

	private static String partnerKeys() {
		StringBuilder keys = new StringBuilder();
		for (DemoCredentials.Institution institution : DemoCredentials.INSTITUTIONS) {
			keys.append((keys.length() > 0) ? System.lineSeparator() + " ".repeat(28) : "")
				.append(String.format("%-8s %s", institution.type(), institution.apiKey()));
		}
		return keys.toString();
	}

}
