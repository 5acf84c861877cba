package id.niksync.sync.replica;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
		int applied = this.jdbc.sql(UPSERT).params(columns(newest)).query(String.class).list().size();
		return new ApplyResult(applied, records.size() - applied);
	}

	/**
	 * In NIK order, so every batch locks its rows in one order: batches of several
	 * partitions (interleaved differently in each poll), of the replay topic and of a
	 * rebuild that share NIKs then wait for one another instead of deadlocking.
	 */
	private static Collection<ReplicaRecord> newestPerNik(List<ReplicaRecord> records) {
		Map<String, ReplicaRecord> newest = new TreeMap<>();
		for (ReplicaRecord record : records) {
			newest.merge(record.nik(), record, (a, b) -> (b.version() > a.version()) ? b : a);
		}
		return newest.values();
	}

	/**
	 * The statement's 25 parameters, one array per column in {@code upsert.sql}'s order,
	 * filled in one pass over the records.
	 */
	private static Object[] columns(Collection<ReplicaRecord> records) {
		int n = records.size();
		String[][] text = new String[23][n];
		Long[] versions = new Long[n];
		Long[] changeSeqs = new Long[n];
		int k = 0;
		for (ReplicaRecord r : records) {
			String[] row = { r.nik(), r.kkNumber(), r.fullName(), r.birthPlace(), r.birthDate().toString(), r.sex(),
					r.religion(), r.maritalStatus(), r.occupation(), r.nationality(), r.street(), r.rt(), r.rw(),
					r.village(), r.district(), r.regency(), r.province(), r.postalCode(), r.status(),
					r.dataQualityFlags(), r.eventId().toString(), r.changeType(), r.registryChangedAt().toString() };
			for (int c = 0; c < row.length; c++) {
				text[c][k] = row[c];
			}
			versions[k] = r.version();
			changeSeqs[k] = r.changeSeq();
			k++;
		}
		Object[] params = new Object[25];
		System.arraycopy(text, 0, params, 0, 20);
		params[20] = versions;
		params[21] = changeSeqs;
		System.arraycopy(text, 20, params, 22, 3);
		return params;
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
