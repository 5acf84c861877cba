package id.niksync.registry.resident;

import java.util.List;

import id.niksync.registry.RegistryIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every write pays for in indexes: the resident's primary key alone (byte-ordered,
 * so it serves region prefix scans too), and on the outbox its key and the relay's
 * pending rows, nothing on the random event id.
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class ResidentIndexIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void residentAndOutboxHaveOnlyTheirPrimaryKeys() {
		assertThat(indexes("resident")).containsExactly("resident_pkey");
		// the outbox holds pending rows only: its primary key serves the relay's scan
		assertThat(indexes("outbox")).containsExactly("outbox_pkey");
	}

	@Test
	@Transactional
	void aRegionPrefixScanUsesThePrimaryKey() {
		this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
		String plan = String.join("\n",
				this.jdbc.sql("EXPLAIN SELECT nik FROM resident WHERE nik LIKE '3511%' ORDER BY nik")
					.query(String.class)
					.list());
		assertThat(plan).contains("resident_pkey").doesNotContain("Sort");
	}

	private List<String> indexes(String table) {
		return this.jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = ? ORDER BY indexname")
			.param(table)
			.query(String.class)
			.list();
	}

}
