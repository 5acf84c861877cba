package id.niksync.sync.replica;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class ReplicaQueries {

	private final JdbcClient jdbc;

	ReplicaQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public ReplicaState state(String nik) {
		return this.jdbc.sql("""
				SELECT version, status, change_seq, change_type, registry_changed_at, replicated_at
				FROM replica_resident WHERE nik = ?""")
			.param(nik)
			.query((rs, n) -> new ReplicaState(nik, true, rs.getLong("version"), rs.getString("status"),
					rs.getLong("change_seq"), rs.getString("change_type"),
					rs.getTimestamp("registry_changed_at").toInstant(), rs.getTimestamp("replicated_at").toInstant()))
			.optional()
			.orElseGet(() -> ReplicaState.absent(nik));
	}

}
