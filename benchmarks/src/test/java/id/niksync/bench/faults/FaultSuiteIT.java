package id.niksync.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick part of the fault suite on every build: partner-sync killed with SIGKILL and
 * restarted, and the replica's PostgreSQL stopped as a crash would and started again,
 * each under a small change load against the real processes (standalone broker,
 * PostgreSQL servers, both services' executable jars). Every acknowledged (NIK, version)
 * must be on the replica, none may regress, and the replica must equal the registry.
 */
class FaultSuiteIT {

	@Test
	void aKilledPartnerSyncAndACrashedReplicaDatabaseLoseAndRegressNothing(@TempDir Path dir) throws Exception {
		FaultSettings quick = new FaultSettings(List.of(Scenario.SYNC_KILLED, Scenario.REPLICA_DB_DOWN), 100, 50, 10,
				Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(120), Duration.ofMillis(500), "256m",
				"512m", dir.resolve("work"), dir.resolve("results"));

		FaultSuite.Result run = FaultSuite.run(quick, Path.of("..").toAbsolutePath().normalize(), "fault suite IT");

		assertThat(run.rows()).extracting(FaultSuite.Row::scenario)
			.containsExactly(Scenario.SYNC_KILLED, Scenario.REPLICA_DB_DOWN);
		assertThat(run.rows()).allSatisfy((row) -> {
			assertThat(row.error()).isNull();
			assertThat(row.acknowledged()).as("changes the registry acknowledged").isPositive();
			assertThat(row.lost()).as("acknowledged changes missing on the replica").isZero();
			assertThat(row.regressed()).as("NIKs whose replica version went backwards").isZero();
			assertThat(row.converged()).isTrue();
			assertThat(row.convergeSeconds()).isNotNull();
			assertThat(row.deadLettered()).isZero();
			assertThat((long) row.details().get("replicaSamples")).as("the replica was watched").isPositive();
		});
		assertThat(run.passed()).isTrue();
		assertThat(Files.readString(run.markdownFile())).contains("| sync-kill |", "| replica-db-down |");
		assertThat(run.jsonFile()).exists();
	}

}
