package id.niksync.access;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Both services' {@code sign_in_audit} table: every refused sign-in is a row. HTTP Basic
 * signs in on every request (the dashboard polls every few seconds), so a successful
 * sign-in is a row only when the account has none from the same client address within the
 * window. The database decides that, so it holds across instances and restarts; a success
 * this instance already recorded within the window is skipped without asking it, so an
 * ordinary request costs no audit round trip.
 */
public class SignInAuditTable implements SignInAuditor {

	/** Beyond this many remembered successes, forget them all (an address flood). */
	private static final int MAX_REMEMBERED = 10_000;

	private final JdbcClient jdbc;

	private final Duration successWindow;

	private final Map<String, Instant> recordedSuccess = new ConcurrentHashMap<>();

	public SignInAuditTable(JdbcClient jdbc, Duration successWindow) {
		this.jdbc = jdbc;
		this.successWindow = successWindow;
	}

	@Override
	public void record(SignInAttempt attempt) {
		if (attempt.outcome() != SignInOutcome.SUCCESS) {
			this.jdbc.sql("INSERT INTO sign_in_audit (at, username, outcome, client_address) VALUES (?, ?, ?, ?)")
				.params(Timestamp.from(attempt.at()), attempt.username(), attempt.outcome().name(),
						attempt.clientAddress())
				.update();
			return;
		}
		String key = attempt.username() + "@" + attempt.clientAddress();
		Instant recorded = this.recordedSuccess.get(key);
		if (recorded != null && attempt.at().isBefore(recorded.plus(this.successWindow))) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO sign_in_audit (at, username, outcome, client_address)
				SELECT CAST(:at AS TIMESTAMPTZ), CAST(:username AS VARCHAR), 'SUCCESS', CAST(:client AS VARCHAR)
				WHERE NOT EXISTS (SELECT 1 FROM sign_in_audit
				    WHERE username = :username AND outcome = 'SUCCESS' AND at > :since
				    AND client_address IS NOT DISTINCT FROM CAST(:client AS VARCHAR))""")
			.param("at", Timestamp.from(attempt.at()))
			.param("username", attempt.username())
			.param("client", attempt.clientAddress())
			.param("since", Timestamp.from(attempt.at().minus(this.successWindow)))
			.update();
		if (this.recordedSuccess.size() >= MAX_REMEMBERED) {
			this.recordedSuccess.clear();
		}
		this.recordedSuccess.put(key, attempt.at());
	}

}
