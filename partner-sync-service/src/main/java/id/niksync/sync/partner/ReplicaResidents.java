package id.niksync.sync.partner;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import id.niksync.sync.replica.TimedReads;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the replica for partners (the replica package owns the writes). Every read here
 * is cancelled by the server after {@code niksync.partner.lookup.read-timeout}
 * ({@link TimedReads}).
 */
@Component
class ReplicaResidents {

	private static final String SELECT = """
			SELECT nik, kk_number, full_name, birth_place, birth_date, sex, religion, marital_status, occupation,
			       nationality, street, rt, rw, village, district, regency, province, postal_code, status, version,
			       registry_changed_at, replicated_at
			FROM replica_resident""";

	private final JdbcClient jdbc;

	ReplicaResidents(JdbcTemplate jdbc, PartnerProperties properties) {
		this.jdbc = TimedReads.client(jdbc, properties.lookup().readTimeoutSeconds());
	}

	Optional<ReplicaResident> find(String nik) {
		return this.jdbc.sql(SELECT + " WHERE nik = ?").param(nik).query(ReplicaResidents::map).optional();
	}

	/**
	 * A list, not JdbcClient's stream: the stream holds its connection until it is
	 * closed, which collecting it does not do. Inside a transaction that went unseen;
	 * verifications read outside one, and each kept a connection for good.
	 */
	Map<String, ReplicaResident> findAll(Collection<String> niks) {
		return this.jdbc.sql(SELECT + " WHERE nik = ANY (?::text[])")
			.param(niks.toArray(String[]::new))
			.query(ReplicaResidents::map)
			.list()
			.stream()
			.collect(Collectors.toMap(ReplicaResident::nik, Function.identity()));
	}

	/** The stored version, or 0 when the NIK is not on the replica. */
	long version(String nik) {
		return this.jdbc.sql("SELECT version FROM replica_resident WHERE nik = ?")
			.param(nik)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	private static ReplicaResident map(ResultSet rs, int row) throws SQLException {
		return new ReplicaResident(rs.getString("nik"), rs.getString("kk_number"), rs.getString("full_name"),
				rs.getString("birth_place"), rs.getObject("birth_date", LocalDate.class), rs.getString("sex"),
				rs.getString("religion"), rs.getString("marital_status"), rs.getString("occupation"),
				rs.getString("nationality"),
				new PartnerResident.Address(rs.getString("street"), rs.getString("rt"), rs.getString("rw"),
						rs.getString("village"), rs.getString("district"), rs.getString("regency"),
						rs.getString("province"), rs.getString("postal_code")),
				rs.getString("status"), rs.getLong("version"), rs.getTimestamp("registry_changed_at").toInstant(),
				rs.getTimestamp("replicated_at").toInstant());
	}

}
