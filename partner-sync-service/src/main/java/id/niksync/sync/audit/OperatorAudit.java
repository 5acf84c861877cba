package id.niksync.sync.audit;

import java.time.Instant;
import java.util.List;

import id.niksync.sync.system.ClientAddress;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only record of operator actions (G5). Written in the same transaction as the
 * action, so an action without its audit row cannot exist. Each row has the signed-in
 * operator, the time, the action, what it was done to, the reason where one is required,
 * and the client address of the request that asked for it ({@link ClientAddress}).
 */
@Component
public class OperatorAudit {

	private final JdbcClient jdbc;

	OperatorAudit(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String operator, String action, String target, String reason, String details) {
		this.jdbc.sql("""
				INSERT INTO operator_audit (operator, action, target, reason, details, client_address)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(operator, action, target, reason, details, ClientAddress.current())
			.update();
	}

	@Transactional(readOnly = true)
	public List<Entry> forTarget(String target) {
		return this.jdbc
			.sql("SELECT at, operator, action, target, reason, details, client_address FROM operator_audit"
					+ " WHERE target = ? ORDER BY id")
			.param(target)
			.query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("operator"),
					rs.getString("action"), rs.getString("target"), rs.getString("reason"), rs.getString("details"),
					rs.getString("client_address")))
			.list();
	}

	public record Entry(Instant at, String operator, String action, String target, String reason, String details,
			String clientAddress) {
	}

}
