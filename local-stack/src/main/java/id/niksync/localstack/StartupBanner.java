package id.niksync.localstack;

import java.time.Duration;

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
				"  registry-service       " + stack.registryUrl(), "  partner-sync-service   " + stack.syncUrl(),
				"  Kafka                  " + stack.bootstrapServers() + "   (topic nik-changes, DLT nik-changes-dlt)",
				"  registry database      " + stack.registryJdbcUrl() + "   (user postgres, password postgres)",
				"  replica database       " + stack.syncJdbcUrl() + "   (user postgres, password postgres)",
				"  data                   " + stack.settings().dir(), "", "  Try:",
				"    curl -s " + stack.registryUrl() + "/api/v1/residents/" + DemoResidents.DEMO_NIK,
				"    curl -s " + stack.syncUrl() + "/ops/residents/" + DemoResidents.DEMO_NIK + "/sync-state", "",
				"  Ctrl-C stops everything; the data stays (delete " + stack.settings().dir() + " to start afresh).",
				line);
	}

}
