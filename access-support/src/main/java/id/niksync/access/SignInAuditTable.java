package id.niksync.access;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Both services' {@code sign_in_audit} table: every refused sign-in is a row. HTTP Basic
 * signs in on every request (the dashboard polls every few seconds), so a successful
 * sign-in is a row only when the account has none from the same client address within the
 * window. The database decides that, so it holds across instances and restarts; a success
 * this instance already recorded within the window is skipped without asking it, so an
 * ordinary request costs no audit round trip.
 * <p>
 * While the database cannot be reached (sign-in then works from remembered accounts, see
 * {@link RememberedSignInAccounts}), attempts wait in memory, at most
 * {@value #MAX_WAITING} (beyond that the oldest are dropped and counted in the log), and
 * are written, with the time they happened, as soon as a write works again.
 */
public class SignInAuditTable implements SignInAuditor {

	/** Beyond this many remembered successes, forget them all (an address flood). */
	private static final int MAX_REMEMBERED = 10_000;

	private static final Logger log = LoggerFactory.getLogger(SignInAuditTable.class);

	private final JdbcClient jdbc;

	private final Duration successWindow;

	/** Attempts the database could not take yet. */
	static final int MAX_WAITING = 10_000;

	private final Map<String, Instant> recordedSuccess = new ConcurrentHashMap<>();

	private final Deque<SignInAttempt> waiting = new ArrayDeque<>();

	private final Object flushing = new Object();

	private long dropped;

	private volatile BooleanSupplier knownAway = () -> false;

	private volatile BoundedWait bounded;

	public SignInAuditTable(JdbcClient jdbc, Duration successWindow) {
		this.jdbc = jdbc;
		this.successWindow = successWindow;
	}

	/**
	 * What else knows the database is away (e.g. a circuit breaker around it): while it
	 * says so, attempts are held in memory at once, without waiting for the database.
	 */
	public void whileKnownAway(BooleanSupplier knownAway) {
		this.knownAway = knownAway;
	}

	/**
	 * A sign-in waits for its audit write at most as long as {@code bounded} allows; a
	 * write still running then goes on, and is held in memory if it fails.
	 */
	public void answerWithin(BoundedWait bounded) {
		this.bounded = bounded;
	}

	@Override
	public void record(SignInAttempt attempt) {
		if (this.knownAway.getAsBoolean()) {
			hold(attempt);
			return;
		}
		BoundedWait wait = this.bounded;
		if (wait == null) {
			writeOrHold(attempt);
			return;
		}
		try {
			wait.run(() -> writeOrHold(attempt));
		}
		catch (BoundedWait.DatabaseTooSlowException ex) {
			if (!ex.callStarted()) {
				hold(attempt);
			}
		}
	}

	private void writeOrHold(SignInAttempt attempt) {
		try {
			flush();
			write(attempt);
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			hold(attempt);
		}
	}

	/**
	 * Writes the attempts that waited for the database; they wait on if it is still away.
	 */
	public void flush() {
		synchronized (this.flushing) {
			flushInTurn();
		}
	}

	private void flushInTurn() {
		while (true) {
			SignInAttempt next;
			synchronized (this.waiting) {
				next = this.waiting.peekFirst();
			}
			if (next == null) {
				return;
			}
			write(next);
			synchronized (this.waiting) {
				this.waiting.pollFirst();
				if (this.waiting.isEmpty()) {
					log.info("Sign-in audit written for the time the database was away{}", (this.dropped > 0)
							? " (" + this.dropped + " attempt(s) beyond the first " + MAX_WAITING + " were dropped)"
							: "");
					this.dropped = 0;
				}
			}
		}
	}

	int waiting() {
		synchronized (this.waiting) {
			return this.waiting.size();
		}
	}

	private void hold(SignInAttempt attempt) {
		synchronized (this.waiting) {
			if (this.waiting.isEmpty()) {
				log.warn("Sign-in audit cannot be written, the database is away: holding attempts in memory");
			}
			if (this.waiting.size() >= MAX_WAITING) {
				this.waiting.pollFirst();
				this.dropped++;
			}
			this.waiting.addLast(attempt);
		}
	}

	private void write(SignInAttempt attempt) {
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
