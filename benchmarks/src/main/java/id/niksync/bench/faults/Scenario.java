package id.niksync.bench.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The faults, in the order a run takes them. The wiped replica comes last: a replica that
 * does not rebuild itself stays incomplete, and every scenario after it would fail too.
 */
enum Scenario {

	REGISTRY_KILLED("registry-kill", "registry-service kill -9, restarted"),

	SYNC_KILLED("sync-kill", "partner-sync-service kill -9, restarted"),

	BROKER_KILLED("broker-kill", "broker kill -9, started again after the outage"),

	REGISTRY_DB_DOWN("registry-db-down", "registry database stopped (immediate), started again after the outage"),

	REPLICA_DB_DOWN("replica-db-down", "replica database stopped (immediate), started again after the outage"),

	TWO_SYNCS_ONE_KILLED("two-syncs-one-killed", "two partner-sync instances in one group, one kill -9"),

	REPLICA_WIPED("replica-wiped", "partner-sync stopped, replica_resident emptied, partner-sync started");

	private final String key;

	private final String description;

	Scenario(String key, String description) {
		this.key = key;
		this.description = description;
	}

	String key() {
		return this.key;
	}

	String description() {
		return this.description;
	}

	/** {@code all}, or keys separated by commas (run in the order given). */
	static List<Scenario> parse(String keys) {
		if (keys.isBlank() || keys.trim().equals("all")) {
			return List.of(values());
		}
		List<Scenario> scenarios = new ArrayList<>();
		for (String key : keys.split(",")) {
			scenarios.add(Arrays.stream(values())
				.filter((scenario) -> scenario.key.equals(key.trim()))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("Unknown scenario '" + key.trim() + "'; scenarios are "
						+ Arrays.stream(values()).map(Scenario::key).toList())));
		}
		return scenarios;
	}

}
