package id.niksync.sync.replica;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies events to the replica, newest version wins (G2). The version guard is inside
 * the upsert itself ({@code WHERE replica.version < incoming.version}), so the check and
 * the write cannot be separated by a concurrent writer, and a whole batch is one
 * statement and one transaction.
 */
@Component
public class ReplicaWriter {

	/**
	 * The whole write, {@code replica/upsert.sql}: a resource so that the benchmark can
	 * run the same statement raw, as the ceiling this class is measured against.
	 */
	static final String UPSERT = readUpsert();

	private final JdbcClient jdbc;

	ReplicaWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	public ApplyResult apply(List<ReplicaRecord> records) {
		if (records.isEmpty()) {
			return new ApplyResult(0, 0);
		}
		// One INSERT cannot touch a row twice, so within a batch only each NIK's newest
		// version goes in;
		// the others are stale by definition.
		Collection<ReplicaRecord> newest = newestPerNik(records);
		int applied = this.jdbc.sql(UPSERT)
			.params(column(newest, ReplicaRecord::nik), column(newest, ReplicaRecord::kkNumber),
					column(newest, ReplicaRecord::fullName), column(newest, ReplicaRecord::birthPlace),
					column(newest, (r) -> r.birthDate().toString()), column(newest, ReplicaRecord::sex),
					column(newest, ReplicaRecord::religion), column(newest, ReplicaRecord::maritalStatus),
					column(newest, ReplicaRecord::occupation), column(newest, ReplicaRecord::nationality),
					column(newest, ReplicaRecord::street), column(newest, ReplicaRecord::rt),
					column(newest, ReplicaRecord::rw), column(newest, ReplicaRecord::village),
					column(newest, ReplicaRecord::district), column(newest, ReplicaRecord::regency),
					column(newest, ReplicaRecord::province), column(newest, ReplicaRecord::postalCode),
					column(newest, ReplicaRecord::status), column(newest, ReplicaRecord::dataQualityFlags),
					newest.stream().map(ReplicaRecord::version).toArray(Long[]::new),
					newest.stream().map(ReplicaRecord::changeSeq).toArray(Long[]::new),
					column(newest, (r) -> r.eventId().toString()), column(newest, ReplicaRecord::changeType),
					column(newest, (r) -> r.registryChangedAt().toString()))
			.query(String.class)
			.list()
			.size();
		return new ApplyResult(applied, records.size() - applied);
	}

	private static Collection<ReplicaRecord> newestPerNik(List<ReplicaRecord> records) {
		Map<String, ReplicaRecord> newest = new LinkedHashMap<>();
		for (ReplicaRecord record : records) {
			newest.merge(record.nik(), record, (a, b) -> (b.version() > a.version()) ? b : a);
		}
		return newest.values();
	}

	private static String[] column(Collection<ReplicaRecord> records, Function<ReplicaRecord, String> value) {
		return records.stream().map(value).toArray(String[]::new);
	}

	private static String readUpsert() {
		try (var in = ReplicaWriter.class.getResourceAsStream("/replica/upsert.sql")) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (java.io.IOException | NullPointerException ex) {
			throw new IllegalStateException("replica/upsert.sql is missing from the classpath", ex);
		}
	}

}
