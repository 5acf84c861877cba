package id.niksync.registry.system;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's audit trail: who did what, on which NIK, region or account, from where,
 * and why. Written in the caller's transaction, so an action and its audit row commit
 * together or not at all. The table refuses updates and deletes.
 */
@Component
public class RegistryAudit {

	/** {@code registry-write/}: the benchmark runs the same file. */
	private static final String RECORD_ALL = WriteStatements.load("audit-record-all.sql");

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final Clock clock;

	RegistryAudit(JdbcClient jdbc, ObjectMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * @param target a NIK, region prefix, job id or username (a database table, not a
	 * log: full NIKs belong here)
	 * @param reason the caller's justification, {@code null} where none is asked for
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Caller caller, String action, String target, String reason, Map<String, ?> details) {
		this.jdbc.sql("""
				INSERT INTO registry_audit (at, operator, client_address, action, target, reason, details)
				VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)""")
			.params(Timestamp.from(this.clock.instant()), caller.name(), caller.clientAddress(), action, target, reason,
					toJson(details))
			.update();
	}

	/**
	 * One row per target, written by one statement: a batch import audits every NIK it
	 * registered without a round trip each.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAll(Caller caller, String action, List<String> targets, String reason, Map<String, ?> details) {
		this.jdbc.sql(RECORD_ALL)
			.params(Timestamp.from(this.clock.instant()), caller.name(), caller.clientAddress(), action, reason,
					toJson(details), targets.toArray(String[]::new))
			.update();
	}

	/**
	 * How many {@code action} rows {@code target} collected from {@code operator} since
	 * {@code since}.
	 */
	@Transactional(readOnly = true)
	public long count(String action, String target, String operator, Instant since) {
		return this.jdbc
			.sql("SELECT count(*) FROM registry_audit WHERE target = ? AND action = ? AND operator = ? AND at >= ?")
			.params(target, action, operator, Timestamp.from(since))
			.query(Long.class)
			.single();
	}

	private String toJson(Map<String, ?> details) {
		try {
			return this.json.writeValueAsString(details);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Audit details cannot be written as JSON", ex);
		}
	}

}
