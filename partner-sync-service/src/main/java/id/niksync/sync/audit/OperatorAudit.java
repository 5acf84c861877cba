package id.niksync.sync.audit;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only record of operator actions (G5). Written in the same transaction as the
 * action, so an action without its audit row cannot exist.
 */
@Component
public class OperatorAudit {

	private final JdbcClient jdbc;

	OperatorAudit(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String operator, String action, String target, String reason, String details) {
		this.jdbc.sql("INSERT INTO operator_audit (operator, action, target, reason, details) VALUES (?, ?, ?, ?, ?)")
			.params(operator, action, target, reason, details)
			.update();
	}

	@Transactional(readOnly = true)
	public List<Entry> forTarget(String target) {
		return this.jdbc
			.sql("SELECT at, operator, action, target, reason, details FROM operator_audit"
					+ " WHERE target = ? ORDER BY id")
			.param(target)
			.query((rs, n) -> new Entry(rs.getTimestamp("at").toInstant(), rs.getString("operator"),
					rs.getString("action"), rs.getString("target"), rs.getString("reason"), rs.getString("details")))
			.list();
	}

	public record Entry(Instant at, String operator, String action, String target, String reason, String details) {
	}

}
