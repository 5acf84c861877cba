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

import id.niksync.identity.Nik;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.registry.RegistryClient;
import id.niksync.sync.system.CodedProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partners' re-online requests, from the moment one is accepted until it ends. Opening
 * one checks the institution's limit and the NIK's recent rejections; forwarding it asks
 * the registry as partner-sync's service account, naming the institution and purpose; the
 * {@link ReonlineWatcher} ends it once the replica holds the version the registry
 * published (or the change was dead-lettered, or it took too long).
 */
@Component
public class ReonlineRequests {

	private static final Logger log = LoggerFactory.getLogger(ReonlineRequests.class);

	/** The advisory lock class of the per-institution count (issue 15). */
	private static final int LIMIT_LOCK = 15;

	static final String COLUMNS = """
			r.id, r.institution_id, i.name AS institution_name, r.key_id, r.nik, r.purpose, r.status, r.requested_at,
			r.finished_at, r.change_seq, r.target_version, r.online_version, r.code, r.reason, r.dead_letter_id,
			r.callback_status, r.callback_attempts, r.callback_error""";

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

	ReonlineRequests(JdbcClient jdbc, RegistryClient registry, ReonlineProperties settings) {
		this.jdbc = jdbc;
		this.registry = registry;
		this.settings = settings;
		this.refusals = RefusalRule.of(settings);
	}

	/**
	 * Stores a new PENDING request, in the caller's transaction (which audits it).
	 * @throws CodedProblemException 429 {@code REONLINE_RATE_LIMITED} over the
	 * institution's limit, 429 {@code REONLINE_REFUSED_FOR_NIK} while the NIK is refused
	 * for its rejections; nothing is stored then
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
		Optional<Instant> refusedUntil = this.refusals.refusedUntil(rejections(nik.value(), now), now);
		if (refusedUntil.isPresent()) {
			log.info("Re-online of {} for institution {} refused: {} rejections within {}", Nik.mask(nik.value()),
					institution.id(), this.settings.maxRejections(), this.settings.rejectionWindow());
			throw new NikRefusedException(Duration.between(now, refusedUntil.get()));
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
	 * answers), and records its answer: still PENDING with the version to wait for,
	 * REJECTED, or FAILED when the registry could not be asked.
	 */
	public ReonlineRequest forward(ReonlineRequest request, String kkNumber, AuthenticatedInstitution institution) {
		String reason = "partner re-online request " + request.id();
		RegistryClient.Reonline answer = this.registry.reonline(request.nik(),
				id.niksync.schemas.registry.ReonlineRequest.onBehalfOf(
						institution.name() + " (institution " + institution.id() + ")", request.purpose(), kkNumber,
						reason));
		if (answer.accepted() != null) {
			this.jdbc.sql("""
					UPDATE reonline_request SET change_seq = ?, target_version = ?
					WHERE id = ? AND status = 'PENDING'""")
				.params(answer.accepted().changeSeq(), answer.accepted().version(), request.id())
				.update();
		}
		else if (answer.rejectedCode() != null) {
			end(request.id(), ReonlineStatus.REJECTED, answer.rejectedCode(), null);
		}
		else {
			log.warn("Re-online request {} for {} could not be forwarded: {}", request.id(), Nik.mask(request.nik()),
					answer.failure());
			end(request.id(), ReonlineStatus.FAILED, "REGISTRY_UNAVAILABLE",
					"The registry could not be asked (" + answer.failure()
							+ "); the NIK may or may not have been re-onlined: check its sync state, then ask again");
		}
		return find(request.id()).orElseThrow();
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
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new RequestNotFoundException();
		}
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
		this.jdbc.sql("""
				SELECT nik, array_agg(finished_at ORDER BY finished_at) AS rejections FROM reonline_request
				WHERE status = 'REJECTED' AND finished_at > ? GROUP BY nik HAVING count(*) >= ? ORDER BY nik""")
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

	private List<Instant> rejections(String nik, Instant now) {
		return this.jdbc.sql("""
				SELECT finished_at FROM reonline_request
				WHERE nik = ? AND status = 'REJECTED' AND finished_at > ? ORDER BY finished_at""")
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
				rs.getInt("callback_attempts"), rs.getString("callback_error"));
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

	/** 429: the NIK collected too many rejections recently. */
	static class NikRefusedException extends CodedProblemException {

		NikRefusedException(Duration retryAfter) {
			super(HttpStatus.TOO_MANY_REQUESTS, "REONLINE_REFUSED_FOR_NIK",
					"Re-online requests for this NIK were rejected too often recently; the citizen should check the"
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
