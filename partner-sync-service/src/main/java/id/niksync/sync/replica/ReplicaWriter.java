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
	 * The whole write: public because the benchmarks run it raw, as the ceiling this
	 * class is measured against.
	 */
	public static final String UPSERT = """
			INSERT INTO replica_resident AS r (nik, kk_number, full_name, birth_place, birth_date, sex, religion,
			    marital_status, occupation, nationality, street, rt, rw, village, district, regency, province,
			    postal_code, status, data_quality_flags, version, change_seq, event_id, change_type,
			    registry_changed_at, replicated_at)
			SELECT u.*, clock_timestamp()
			FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[],
			    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			    ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[]) AS u
			ON CONFLICT (nik) DO UPDATE SET kk_number = EXCLUDED.kk_number, full_name = EXCLUDED.full_name,
			    birth_place = EXCLUDED.birth_place, birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex,
			    religion = EXCLUDED.religion, marital_status = EXCLUDED.marital_status,
			    occupation = EXCLUDED.occupation, nationality = EXCLUDED.nationality, street = EXCLUDED.street,
			    rt = EXCLUDED.rt, rw = EXCLUDED.rw, village = EXCLUDED.village, district = EXCLUDED.district,
			    regency = EXCLUDED.regency, province = EXCLUDED.province, postal_code = EXCLUDED.postal_code,
			    status = EXCLUDED.status, data_quality_flags = EXCLUDED.data_quality_flags,
			    version = EXCLUDED.version, change_seq = EXCLUDED.change_seq, event_id = EXCLUDED.event_id,
			    change_type = EXCLUDED.change_type, registry_changed_at = EXCLUDED.registry_changed_at,
			    replicated_at = EXCLUDED.replicated_at
			WHERE r.version < EXCLUDED.version
			RETURNING r.nik""";

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

}
