package id.niksync.sync.replica;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.sync.PartnerSyncApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version guard against real PostgreSQL, without a broker (the listener is not
 * started).
 */
@SpringBootTest(properties = { "spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false" })
@ContextConfiguration(initializers = EmbeddedPostgres.class)
class ReplicaWriterIntegrationTests {

	@Autowired
	ReplicaWriter writer;

	@Autowired
	ReplicaQueries queries;

	@Autowired
	JdbcClient jdbc;

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

	@Test
	void theReplicaHasOnlyItsPrimaryKey() {
		// every applied event writes each index: the key serves prefix scans too (V14)
		assertThat(this.jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'replica_resident'")
			.query(String.class)
			.list()).containsExactly("replica_resident_pkey");
	}

	@Test
	@Transactional
	void aRegionDigestScansThePrimaryKey() {
		this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
		String plan = String.join("\n",
				this.jdbc
					.sql("EXPLAIN SELECT nik FROM replica_resident"
							+ " WHERE nik >= '3511' AND nik <= '3511999999999999' AND nik LIKE '3511%' ORDER BY nik")
					.query(String.class)
					.list());
		assertThat(plan).contains("replica_resident_pkey").doesNotContain("Sort");
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
