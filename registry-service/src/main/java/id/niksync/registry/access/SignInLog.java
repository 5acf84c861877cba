package id.niksync.registry.access;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import id.niksync.access.SignInAttempt;
import id.niksync.access.SignInAuditor;
import id.niksync.access.SignInOutcome;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The registry's sign-in audit ({@code sign_in_audit}): every refused sign-in, and a
 * successful one once per account and client address per window. HTTP Basic signs in on
 * every request, so one row per request would bury the refusals.
 */
class SignInLog implements SignInAuditor {

	/** Beyond this many remembered successes, forget them all (an address flood). */
	private static final int MAX_REMEMBERED = 10_000;

	private final JdbcClient jdbc;

	private final Duration successWindow;

	private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();

	SignInLog(JdbcClient jdbc, Duration successWindow) {
		this.jdbc = jdbc;
		this.successWindow = successWindow;
	}

	@Override
	public void record(SignInAttempt attempt) {
		if (attempt.outcome() == SignInOutcome.SUCCESS && !firstSuccessInWindow(attempt)) {
			return;
		}
		this.jdbc.sql("INSERT INTO sign_in_audit (at, username, outcome, client_address) VALUES (?, ?, ?, ?)")
			.params(Timestamp.from(attempt.at()), attempt.username(), attempt.outcome().name(), attempt.clientAddress())
			.update();
	}

	private boolean firstSuccessInWindow(SignInAttempt attempt) {
		if (this.lastSuccess.size() > MAX_REMEMBERED) {
			this.lastSuccess.clear();
		}
		String key = attempt.username() + "@" + attempt.clientAddress();
		Instant previous = this.lastSuccess.get(key);
		if (previous != null && attempt.at().isBefore(previous.plus(this.successWindow))) {
			return false;
		}
		this.lastSuccess.put(key, attempt.at());
		return true;
	}

}
