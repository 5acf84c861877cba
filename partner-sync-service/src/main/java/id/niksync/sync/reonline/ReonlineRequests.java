package id.niksync.sync.reonline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import id.niksync.access.Uuids;
import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.registry.RegistryClient;
import id.niksync.sync.system.CodedProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partners' re-online requests, from the moment one is accepted until it ends. Opening
 * one checks the institution's limit and the NIK's recent rejections, and reserves one of
 * the NIK's checks; forwarding it asks the registry as partner-sync's service account,
 * naming the institution and purpose, and retries with backoff while the registry cannot
 * be asked; the {@link ReonlineWatcher} ends it once the replica holds the version the
 * registry published (or the change was dead-lettered, or it took too long).
 */
@Component
public class ReonlineRequests implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReonlineRequests.class);

	/** The advisory lock class of the per-institution count (issue 15). */
	private static final int LIMIT_LOCK = 15;

	/**
	 * The advisory lock class of a NIK's checks: its rejections and the requests the
	 * registry has not answered yet are counted one request after the other.
	 */
	private static final int NIK_LOCK = 16;

	/**
	 * Retry-After while the NIK's checks are all taken by requests the registry has not
	 * answered yet (it answers within its timeouts, a few seconds).
	 */
	private static final Duration CHECKS_IN_FLIGHT_RETRY_AFTER = Duration.ofSeconds(5);

	static final String COLUMNS = """
			r.id, r.institution_id, i.name AS institution_name, r.key_id, r.nik, r.purpose, r.status, r.requested_at,
			r.finished_at, r.change_seq, r.target_version, r.online_version, r.code, r.reason, r.dead_letter_id,
			r.callback_status, r.callback_attempts, r.callback_error, r.forward_attempts, r.forward_error""";

	static final String FROM = " FROM reonline_request r JOIN institution i ON i.id = r.institution_id";

	/**
	 * Ends a request: the time, and a callback due at once if the institution has a URL.
	 */
	static final String FINISH = """
			finished_at = clock_timestamp(), callback_next_at = clock_timestamp(),
			callback_status = CASE WHEN EXISTS (SELECT 1 FROM institution i WHERE i.id = r.institution_id
			    AND i.callback_url IS NOT NULL) THEN 'PENDING' ELSE 'NONE' END""";

	private final JdbcClient jdbc;

	private final RegistryClient registry;

	private final ReonlineProperties settings;

	private final RefusalRule refusals;

	private final OperatorAudit audit;

	/**
	 * Forwards again while the registry cannot be asked. In memory only, because the
	 * family-card number is never stored: a request whose instance stops while retrying
	 * is ended by {@link ReonlineSettlement}.
	 */
	private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "reonline-forward-retry");
		thread.setDaemon(true);
		return thread;
	});

	ReonlineRequests(JdbcClient jdbc, RegistryClient registry, ReonlineProperties settings, OperatorAudit audit) {
		this.jdbc = jdbc;
		this.registry = registry;
		this.settings = settings;
		this.refusals = RefusalRule.of(settings);
		this.audit = audit;
	}

	@Override
	public void destroy() {
		this.retries.shutdownNow();
	}

	/**
	 * Stores a new PENDING request, in the caller's transaction (which audits it). The
	 * stored request is one of the NIK's checks: until the registry answered it, it
	 * counts as if it were rejected, so that however many institutions ask at once, on
	 * however many instances, no more requests reach the registry than could be rejected
	 * before the NIK is refused ({@code maxRejections} within {@code rejectionWindow}).
	 * @throws CodedProblemException 429 {@code REONLINE_RATE_LIMITED} over the
	 * institution's limit, 429 {@code REONLINE_REFUSED_FOR_NIK} while the NIK is refused
	 * for its rejections or its remaining checks are taken by requests the registry has
	 * not answered yet; nothing is stored then
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public ReonlineRequest open(AuthenticatedInstitution institution, Nik nik, String purpose) {
		// Concurrent requests of one institution, on any instance, count one after the
		// other.
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)")
			.params(LIMIT_LOCK, (int) institution.id())
			.query((rs, n) -> 1)
			.list();
		Instant now = now();
		List<Instant> recent = this.jdbc.sql("""
				SELECT requested_at FROM reonline_request
				WHERE institution_id = ? AND requested_at > ? ORDER BY requested_at""")
			.params(institution.id(), Timestamp.from(now.minus(Duration.ofMinutes(1))))
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.list();
		if (recent.size() >= this.settings.requestsPerMinute()) {
			throw new RateLimitedException(Duration.between(now, recent.get(0).plus(Duration.ofMinutes(1))));
		}
		// Then the NIK's: its rejections and unanswered requests are counted, and this
		// one
		// stored, by one request at a time.
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))")
			.params(NIK_LOCK, nik.value())
			.query((rs, n) -> 1)
			.list();
		// Rejections and unanswered requests in one statement, so one snapshot: a request
		// that is rejected meanwhile is counted once, never in neither.
		List<Instant> rejections = new ArrayList<>();
		long unanswered = 0;
		for (Instant finishedAt : this.jdbc.sql("""
				SELECT finished_at FROM reonline_request
				WHERE nik = ? AND ((status = 'REJECTED' AND rejection_lifted_at IS NULL AND finished_at > ?)
				    OR (status = 'PENDING' AND target_version IS NULL))
				ORDER BY finished_at NULLS LAST""")
			.params(nik.value(), Timestamp.from(now.minus(this.refusals.lookBack())))
			.query((rs, n) -> instant(rs.getTimestamp(1)))
			.list()) {
			if (finishedAt != null) {
				rejections.add(finishedAt);
			}
			else {
				unanswered++;
			}
		}
		Optional<Instant> refusedUntil = this.refusals.refusedUntil(rejections, now);
		if (refusedUntil.isPresent()) {
			log.info("Re-online of {} for institution {} refused: {} rejections within {}", Nik.mask(nik.value()),
					institution.id(), this.settings.maxRejections(), this.settings.rejectionWindow());
			throw new NikRefusedException(Duration.between(now, refusedUntil.get()), false);
		}
		Instant windowStart = now.minus(this.settings.rejectionWindow());
		long recentRejections = rejections.stream().filter((at) -> at.isAfter(windowStart)).count();
		if (unanswered > 0 && recentRejections + unanswered >= this.settings.maxRejections()) {
			log.info("Re-online of {} for institution {} refused: {} rejections and {} requests the registry has not"
					+ " answered yet", Nik.mask(nik.value()), institution.id(), recentRejections, unanswered);
			throw new NikRefusedException(CHECKS_IN_FLIGHT_RETRY_AFTER, true);
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO reonline_request (id, institution_id, key_id, nik, purpose) VALUES (?, ?, ?, ?, ?)""")
			.params(id, institution.id(), institution.keyId(), nik.value(), purpose)
			.update();
		return find(id).orElseThrow();
	}

	/**
	 * Asks the registry, outside any transaction (no connection is held while it
	 * answers), and records its answer: still PENDING with the version to wait for, or
	 * REJECTED. When the registry could not be reached the request stays PENDING and is
	 * forwarded again with backoff for {@code forwardRetryFor}, then FAILED
	 * {@code REGISTRY_UNAVAILABLE}; meanwhile it ends ONLINE as soon as the replica holds
	 * the NIK ({@link ReonlineSettlement}).
	 */
	public ReonlineRequest forward(ReonlineRequest request, String kkNumber, AuthenticatedInstitution institution) {
		Forwarding forwarding = new Forwarding(request.id(), request.nik(), request.purpose(), kkNumber,
				id.niksync.schemas.registry.ReonlineRequest.institution(institution.name(), institution.id()),
				System.nanoTime() + this.settings.forwardRetryFor().toNanos());
		attempt(forwarding);
		return find(request.id()).orElseThrow();
	}

	private void attempt(Forwarding forwarding) {
		RegistryClient.Reonline answer = this.registry.reonline(forwarding.nik(),
				id.niksync.schemas.registry.ReonlineRequest.onBehalfOf(forwarding.institution(), forwarding.purpose(),
						forwarding.kkNumber(), "partner re-online request " + forwarding.id()));
		if (answer.accepted() != null) {
			this.jdbc.sql("""
					UPDATE reonline_request SET change_seq = ?, target_version = ?
					WHERE id = ? AND status = 'PENDING'""")
				.params(answer.accepted().changeSeq(), answer.accepted().version(), forwarding.id())
				.update();
		}
		else if (answer.rejectedCode() != null) {
			end(forwarding.id(), ReonlineStatus.REJECTED, answer.rejectedCode(), null);
		}
		else if (answer.mayHaveActed()) {
			answerLost(forwarding, answer.failure());
		}
		else if (answer.refused()) {
			// Not an outage: the same request would be refused again until it ends
			// REGISTRY_UNAVAILABLE, counted meanwhile among the NIK's checks.
			log.error("Re-online request {} for {}: the registry refused it as sent ({}); not sent again",
					forwarding.id(), Nik.mask(forwarding.nik()), answer.failure());
			end(forwarding.id(), ReonlineStatus.FAILED, "REGISTRY_REFUSED",
					"The registry refused the request as partner-sync sent it (" + answer.failure()
							+ "): not sent again; an operator is to look into it");
		}
		else {
			failedToForward(forwarding, answer.failure());
		}
	}

	/**
	 * The registry did not answer in time: it may still act on the request (a paused or
	 * overloaded registry works through what it received), so it is not sent again — each
	 * copy would be one more re-online, or one more wrong family card counted against the
	 * citizen. The request stays PENDING, counted among the NIK's checks, and ends ONLINE
	 * when the replica holds the NIK, else when it expires.
	 */
	private void answerLost(Forwarding forwarding, String failure) {
		this.jdbc.sql("""
				UPDATE reonline_request SET forward_attempts = forward_attempts + 1, forward_error = ?
				WHERE id = ? AND status = 'PENDING' AND target_version IS NULL""")
			.params(abbreviate("no answer in time (" + failure + "); not sent again: the registry may still act on it"),
					forwarding.id())
			.update();
		log.warn("Re-online request {} for {}: the registry did not answer in time ({}); not sent again",
				forwarding.id(), Nik.mask(forwarding.nik()), failure);
	}

	/**
	 * Records the failure and forwards again after the backoff; gives up (FAILED) when
	 * the next try would come after the deadline. A request that ended meanwhile (ONLINE
	 * from the replica, expired) is left alone.
	 */
	private void failedToForward(Forwarding forwarding, String failure) {
		Optional<Integer> attempts = this.jdbc.sql("""
				UPDATE reonline_request SET forward_attempts = forward_attempts + 1, forward_error = ?
				WHERE id = ? AND status = 'PENDING' AND target_version IS NULL RETURNING forward_attempts""")
			.params(abbreviate(failure), forwarding.id())
			.query(Integer.class)
			.optional();
		if (attempts.isEmpty()) {
			return;
		}
		Duration wait = this.settings.forwardBackoffAfter(attempts.get());
		if (System.nanoTime() + wait.toNanos() > forwarding.deadline()) {
			log.warn("Re-online request {} for {} could not be forwarded in {} tries, giving up: {}", forwarding.id(),
					Nik.mask(forwarding.nik()), attempts.get(), failure);
			end(forwarding.id(), ReonlineStatus.FAILED, "REGISTRY_UNAVAILABLE",
					"The registry could not be asked within " + this.settings.forwardRetryFor().toSeconds() + " s ("
							+ attempts.get() + " tries, last: " + failure
							+ ") and the replica does not hold the NIK: ask again once the registry answers");
			return;
		}
		log.warn("Re-online request {} for {} could not be forwarded ({}), trying again in {} ms", forwarding.id(),
				Nik.mask(forwarding.nik()), failure, wait.toMillis());
		this.retries.schedule(() -> retry(forwarding), wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void retry(Forwarding forwarding) {
		try {
			boolean waiting = this.jdbc
				.sql("""
						SELECT count(*) FROM reonline_request WHERE id = ? AND status = 'PENDING' AND target_version IS NULL""")
				.param(forwarding.id())
				.query(Long.class)
				.single() > 0;
			if (waiting) {
				attempt(forwarding);
			}
		}
		catch (RuntimeException ex) {
			// The database away: the settlement ends the request once it is back.
			log.warn("Re-online request {}: could not retry forwarding ({})", forwarding.id(),
					ex.getClass().getSimpleName());
		}
		catch (Error ex) {
			// kept by the scheduled task's future, unseen, otherwise; the settlement
			// ends the request as for any retry that did not happen
			log.error("Re-online request {}: could not retry forwarding", forwarding.id(), ex);
		}
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) : text;
	}

	/**
	 * What forwarding needs again when it is retried.
	 *
	 * @param kkNumber held here only, never stored
	 * @param deadline {@link System#nanoTime()} after which it is not retried
	 */
	private record Forwarding(UUID id, String nik, String purpose, String kkNumber, String institution, long deadline) {

		@Override
		public String toString() {
			return "Forwarding[id=" + this.id + ", nik=" + Nik.mask(this.nik) + "]";
		}

	}

	private void end(UUID id, ReonlineStatus status, String code, String reason) {
		this.jdbc
			.sql("UPDATE reonline_request r SET status = ?, code = ?, reason = ?, " + FINISH
					+ " WHERE id = ? AND status = 'PENDING'")
			.params(status.name(), code, reason, id)
			.update();
	}

	@Transactional(readOnly = true)
	public Optional<ReonlineRequest> find(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE r.id = ?")
			.param(id)
			.query(ReonlineRequests::map)
			.optional();
	}

	/**
	 * The institution's own request; another institution's, and an id that is none, are
	 * not found alike.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public ReonlineRequest ofInstitution(String id, long institutionId) {
		UUID uuid = Uuids.parse(id).orElseThrow(RequestNotFoundException::new);
		return find(uuid).filter((r) -> r.institutionId() == institutionId).orElseThrow(RequestNotFoundException::new);
	}

	/** A NIK's requests, newest first, for its sync state. */
	@Transactional(readOnly = true)
	public List<ReonlineRequest> forNik(String nik) {
		return this.jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE r.nik = ? ORDER BY r.requested_at DESC LIMIT 50")
			.param(nik)
			.query(ReonlineRequests::map)
			.list();
	}

	/** The NIKs refused now for their rejections, with until when. */
	@Transactional(readOnly = true)
	public List<RefusedNik> refusedNiks() {
		Instant now = now();
		List<RefusedNik> refused = new ArrayList<>();
		this.jdbc
			.sql("""
					SELECT nik, array_agg(finished_at ORDER BY finished_at) AS rejections FROM reonline_request
					WHERE status = 'REJECTED' AND rejection_lifted_at IS NULL AND finished_at > ? GROUP BY nik HAVING count(*) >= ? ORDER BY nik""")
			.params(Timestamp.from(now.minus(this.refusals.lookBack())), this.settings.maxRejections())
			.query((rs) -> {
				String nik = rs.getString("nik");
				List<Instant> rejections = new ArrayList<>();
				for (Timestamp at : (Timestamp[]) rs.getArray("rejections").getArray()) {
					rejections.add(at.toInstant());
				}
				this.refusals.refusedUntil(rejections, now)
					.ifPresent((until) -> refused.add(new RefusedNik(nik, rejections.size(), until)));
			});
		return refused;
	}

	/**
	 * Lifts a NIK's refusal: its rejections so far no longer count (the requests stay
	 * REJECTED), audited with the operator and reason in the same transaction.
	 * @return how many rejections no longer count
	 * @throws CodedProblemException 404 {@code NIK_NOT_REFUSED} when the NIK is not
	 * refused now
	 */
	@Transactional
	public int liftRefusal(Nik nik, String operator, String reason) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?))")
			.params(NIK_LOCK, nik.value())
			.query((rs, n) -> 1)
			.list();
		Instant now = now();
		if (this.refusals.refusedUntil(rejections(nik.value(), now), now).isEmpty()) {
			throw new CodedProblemException(HttpStatus.NOT_FOUND, "NIK_NOT_REFUSED",
					"Re-online requests for this NIK are not refused now");
		}
		int lifted = this.jdbc.sql("""
				UPDATE reonline_request SET rejection_lifted_at = clock_timestamp()
				WHERE nik = ? AND status = 'REJECTED' AND rejection_lifted_at IS NULL""").param(nik.value()).update();
		this.audit.record(operator, "REONLINE_REFUSAL_LIFT", "resident:" + nik.value(), reason, "rejections=" + lifted);
		log.info("Re-online refusal of {} lifted by {} ({} rejections)", Nik.mask(nik.value()), operator, lifted);
		return lifted;
	}

	private List<Instant> rejections(String nik, Instant now) {
		return this.jdbc.sql("""
				SELECT finished_at FROM reonline_request
				WHERE nik = ? AND status = 'REJECTED' AND rejection_lifted_at IS NULL AND finished_at > ?
				ORDER BY finished_at""")
			.params(nik, Timestamp.from(now.minus(this.refusals.lookBack())))
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.list();
	}

	/** The database's clock: every instance, and every timestamp stored, agree on it. */
	private Instant now() {
		return this.jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
	}

	static ReonlineRequest map(ResultSet rs, int row) throws SQLException {
		return new ReonlineRequest(rs.getObject("id", UUID.class), rs.getLong("institution_id"),
				rs.getString("institution_name"), rs.getString("key_id"), rs.getString("nik"), rs.getString("purpose"),
				ReonlineStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("requested_at")),
				instant(rs.getTimestamp("finished_at")), (Long) rs.getObject("change_seq"),
				(Long) rs.getObject("target_version"), (Long) rs.getObject("online_version"), rs.getString("code"),
				rs.getString("reason"), (Long) rs.getObject("dead_letter_id"), rs.getString("callback_status"),
				rs.getInt("callback_attempts"), rs.getString("callback_error"), rs.getInt("forward_attempts"),
				rs.getString("forward_error"));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * A NIK refused for its rejections.
	 *
	 * @param rejections its rejections within the look-back
	 * @param refusedUntil when requests for it are accepted again
	 */
	public record RefusedNik(String nik, int rejections, Instant refusedUntil) {
	}

	/** 429: the institution's re-online limit is used up. */
	static class RateLimitedException extends CodedProblemException {

		RateLimitedException(Duration retryAfter) {
			super(HttpStatus.TOO_MANY_REQUESTS, "REONLINE_RATE_LIMITED",
					"Too many re-online requests for this institution's limit");
			getHeaders().set(HttpHeaders.RETRY_AFTER, seconds(retryAfter));
		}

	}

	/**
	 * 429: the NIK collected too many rejections recently, or its remaining checks are
	 * taken by requests the registry has not answered yet.
	 */
	static class NikRefusedException extends CodedProblemException {

		NikRefusedException(Duration retryAfter, boolean checksInFlight) {
			super(HttpStatus.TOO_MANY_REQUESTS, "REONLINE_REFUSED_FOR_NIK", checksInFlight
					? "Other re-online requests for this NIK are being checked now; ask again when they have ended"
					: "Re-online requests for this NIK were rejected too often recently; the citizen should check the"
							+ " family card with the civil registry");
			getHeaders().set(HttpHeaders.RETRY_AFTER, seconds(retryAfter));
		}

	}

	/** 404: no such request of this institution. */
	static class RequestNotFoundException extends CodedProblemException {

		RequestNotFoundException() {
			super(HttpStatus.NOT_FOUND, "REONLINE_REQUEST_NOT_FOUND", "This institution has no such re-online request");
		}

	}

	private static String seconds(Duration wait) {
		return String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000));
	}

}
