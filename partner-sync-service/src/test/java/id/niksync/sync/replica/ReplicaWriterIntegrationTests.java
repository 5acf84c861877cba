package id.niksync.sync.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import id.niksync.schemas.ReconciliationDigest;
import id.niksync.sync.PartnerSyncApplication;
import id.niksync.sync.ServiceWithoutListenersTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The version guard against real PostgreSQL, the Kafka listeners not started.
 */
@ServiceWithoutListenersTest
class ReplicaWriterIntegrationTests {

	@Autowired
	ReplicaWriter writer;

	@Autowired
	ReplicaQueries queries;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void appliesANewNikAndANewerVersion() {
		assertThat(this.writer.apply(List.of(record("3511014506900201", 1)))).isEqualTo(new ApplyResult(1, 0));
		assertThat(this.writer.apply(List.of(record("3511014506900201", 2)))).isEqualTo(new ApplyResult(1, 0));

		assertThat(this.queries.state("3511014506900201").version()).isEqualTo(2);
	}

	@Test
	void skipsAnOlderOrEqualVersion() {
		this.writer.apply(List.of(record("3511014506900202", 5)));

		ApplyResult result = this.writer.apply(List.of(record("3511014506900202", 5), record("3511014506900202", 3)));

		assertThat(result).isEqualTo(new ApplyResult(0, 2));
		assertThat(occupation("3511014506900202")).isEqualTo("v5");
	}

	@Test
	void keepsTheNewestVersionWhenABatchHoldsSeveralOfOneNik() {
		ApplyResult result = this.writer.apply(List.of(record("3511014506900203", 2), record("3511014506900203", 4),
				record("3511014506900203", 3), record("3511014506900204", 1)));

		assertThat(result).isEqualTo(new ApplyResult(2, 2));
		assertThat(occupation("3511014506900203")).isEqualTo("v4");
	}

	@Test
	void recordsWhenTheRegistryChangedItAndWhenItArrived() {
		Instant before = Instant.now();
		ReplicaRecord record = record("3511014506900205", 1);

		this.writer.apply(List.of(record));

		ReplicaState state = this.queries.state("3511014506900205");
		assertThat(state.onReplica()).isTrue();
		assertThat(state.registryChangedAt()).isEqualTo(record.registryChangedAt());
		assertThat(state.replicatedAt()).isAfterOrEqualTo(before.minusMillis(1));
		assertThat(state.changeSeq()).isEqualTo(record.changeSeq());
		assertThat(this.queries.state("3511014506909999").onReplica()).isFalse();
	}

	/**
	 * A batch locks its rows in NIK order, whatever order its records came in: two
	 * batches sharing NIKs (partitions interleaved differently, the replay topic, a
	 * rebuild) wait for one another instead of deadlocking. Here the first row is held:
	 * the batch holds none of the others while it waits.
	 */
	@Test
	void aBatchLocksItsRowsInNikOrder() throws Exception {
		String first = "3511014506900291";
		String second = "3511014506900292";
		this.writer.apply(List.of(record(first, 1), record(second, 1)));
		ExecutorService batch = Executors.newSingleThreadExecutor();
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			try (PreparedStatement hold = holder
				.prepareStatement("SELECT nik FROM replica_resident WHERE nik = ? FOR UPDATE")) {
				hold.setString(1, first);
				hold.executeQuery().close();
			}
			Future<ApplyResult> applied = batch
				.submit(() -> this.writer.apply(List.of(record(second, 2), record(first, 2))));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc
					.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
							+ " AND wait_event_type = 'Lock' AND query LIKE '%replica_resident%'")
					.query(Long.class)
					.single() > 0);
			try (Connection other = this.dataSource.getConnection(); Statement statement = other.createStatement()) {
				other.setAutoCommit(false);
				statement.execute("SET LOCAL lock_timeout = '1s'");
				statement.executeQuery("SELECT nik FROM replica_resident WHERE nik = '" + second + "' FOR UPDATE")
					.close();
				other.rollback();
			}
			holder.rollback();
			assertThat(applied.get(10, TimeUnit.SECONDS)).isEqualTo(new ApplyResult(2, 0));
		}
		finally {
			batch.shutdownNow();
		}
	}

	@Test
	void theReplicaHasOnlyItsPrimaryKey() {
		// every applied event writes each index: the key serves prefix scans too (V14)
		assertThat(this.jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'replica_resident'")
			.query(String.class)
			.list()).containsExactly("replica_resident_pkey");
	}

	@Test
	@Transactional
	void aRegionPrefixScanUsesThePrimaryKey() {
		// a LIKE alone can use the key only in the "C" collation
		assertThat(this.jdbc
			.sql("SELECT collation_name FROM information_schema.columns"
					+ " WHERE table_name = 'replica_resident' AND column_name = 'nik'")
			.query(String.class)
			.single()).isEqualTo("C");
		this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
		assertThat(plan("EXPLAIN SELECT nik FROM replica_resident WHERE nik LIKE '3511%' ORDER BY nik"))
			.contains("replica_resident_pkey")
			.containsPattern("Index Cond: .*>= '3511'.*< '3512'")
			.doesNotContain("Sort");
	}

	@Test
	@Transactional
	void aRegionDigestsGenericPlanScansItsRangeOfTheKey() {
		// what a prepared statement may get after five runs on one connection
		this.jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
		this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
		this.jdbc
			.sql("PREPARE region_digest AS "
					+ numbered(ReconciliationDigest.children("replica_resident", "3511", 6).sql()))
			.update();

		String plan = plan("EXPLAIN EXECUTE region_digest(6, '3511', '3511999999999999', '3511%')");
		// a prepared statement outlives the transaction, on a pooled connection (if the
		// EXPLAIN failed, the test failed with its error and the name stays taken)
		this.jdbc.sql("DEALLOCATE region_digest").update();
		assertThat(plan).contains("replica_resident_pkey").containsPattern("Index Cond: .*>= \\$2.*<= \\$3");
	}

	private String plan(String explain) {
		return String.join("\n", this.jdbc.sql(explain).query(String.class).list());
	}

	/**
	 * {@code ?} → {@code $1}, {@code $2} …, as a server-side prepared statement has them.
	 */
	private static String numbered(String sql) {
		StringBuilder numbered = new StringBuilder();
		int n = 0;
		for (char c : sql.toCharArray()) {
			numbered.append((c == '?') ? "$" + (++n) : String.valueOf(c));
		}
		return numbered.toString();
	}

	private String occupation(String nik) {
		return this.jdbc.sql("SELECT occupation FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(String.class)
			.single();
	}

	private static ReplicaRecord record(String nik, long version) {
		return new ReplicaRecord(nik, "3511010101100001", "Siti Aminah", "Bondowoso", LocalDate.of(1990, 6, 5),
				"FEMALE", "ISLAM", "MARRIED", "v" + version, "WNI", "Jl. Diponegoro 1", "001", "002", "Kademangan",
				"Bondowoso", "Kabupaten Bondowoso", "Jawa Timur", "68211", "ACTIVE", "", version, 100 + version,
				UUID.randomUUID(), "UPDATED", Instant.parse("2026-11-27T10:15:30.123Z"));
	}

}
