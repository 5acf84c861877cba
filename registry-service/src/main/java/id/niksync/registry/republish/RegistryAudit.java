package id.niksync.registry.republish;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's audit trail: who asked for what, on which NIK or region, and why.
 * Written in the caller's transaction, so an action and its audit row commit together.
 */
@Component
class RegistryAudit {

	static final String REONLINE = "REONLINE";

	static final String REONLINE_REFUSED = "REONLINE_REFUSED";

	static final String REPUBLISH_REGION = "REPUBLISH_REGION";

	static final String REPUBLISH_NIKS = "REPUBLISH_NIKS";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final Clock clock;

	RegistryAudit(JdbcClient jdbc, ObjectMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void record(Requester requester, String action, String target, Map<String, ?> details) {
		this.jdbc.sql("""
				INSERT INTO registry_audit (at, operator, action, target, reason, details)
				VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
			.params(Timestamp.from(this.clock.instant()), requester.operator(), action, target, requester.reason(),
					toJson(details))
			.update();
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
