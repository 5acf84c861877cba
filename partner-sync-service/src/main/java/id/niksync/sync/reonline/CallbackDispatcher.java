package id.niksync.sync.reonline;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.sync.access.InstitutionCallbacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivers the callbacks that are due. Each is claimed for the length of a delivery first
 * ({@code FOR UPDATE SKIP LOCKED}), so instances never send one twice at once; a failed
 * delivery is tried again after a backoff that doubles, up to {@code callbackMaxAttempts}
 * deliveries, then given up (callback FAILED, with the last error; the request keeps its
 * status and can still be read).
 */
class CallbackDispatcher {

	private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);

	private static final int BATCH = 20;

	private final JdbcClient jdbc;

	private final InstitutionCallbacks callbacks;

	private final CallbackSender sender;

	private final ReonlineProperties settings;

	private final ObjectMapper json;

	CallbackDispatcher(JdbcClient jdbc, InstitutionCallbacks callbacks, CallbackSender sender,
			ReonlineProperties settings, ObjectMapper json) {
		this.jdbc = jdbc;
		this.callbacks = callbacks;
		this.sender = sender;
		this.settings = settings;
		this.json = json;
	}

	/**
	 * @return how many callbacks were attempted
	 */
	int dispatch() {
		List<ReonlineRequest> due = claim();
		for (ReonlineRequest request : due) {
			deliver(request);
		}
		return due.size();
	}

	private List<ReonlineRequest> claim() {
		// Autocommitted: the claim holds by its time, not by a lock kept open over the
		// deliveries.
		double lease = this.settings.callbackTimeout().multipliedBy(3).toMillis() / 1000.0;
		return this.jdbc.sql("""
				WITH due AS (SELECT id FROM reonline_request WHERE callback_status = 'PENDING'
				    AND callback_next_at <= clock_timestamp() ORDER BY callback_next_at LIMIT ? FOR UPDATE SKIP LOCKED)
				UPDATE reonline_request r SET callback_next_at = clock_timestamp() + make_interval(secs => ?)
				FROM due, institution i WHERE r.id = due.id AND i.id = r.institution_id
				RETURNING\s""" + ReonlineRequests.COLUMNS).params(BATCH, lease).query(ReonlineRequests::map).list();
	}

	private void deliver(ReonlineRequest request) {
		Optional<InstitutionCallbacks.Callback> callback = this.callbacks.of(request.institutionId());
		if (callback.isEmpty()) {
			record(request, "FAILED", "the institution removed its callback URL");
			return;
		}
		String error;
		try {
			int status = this.sender.send(callback.get().url(), request.id().toString(), body(request),
					callback.get().secret());
			if (status >= 200 && status < 300) {
				record(request, "DELIVERED", null);
				return;
			}
			error = "answered HTTP " + status
					+ ((status >= 300 && status < 400) ? " (redirects are not followed)" : "");
		}
		catch (CallbackUrls.RefusedException ex) {
			error = "refused: " + ex.getMessage();
		}
		catch (IOException | RuntimeException ex) {
			error = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		}
		boolean last = request.callbackAttempts() + 1 >= this.settings.callbackMaxAttempts();
		log.info("Callback for re-online request {} to institution {} failed (attempt {}{}): {}", request.id(),
				request.institutionId(), request.callbackAttempts() + 1, last ? ", giving up" : "", error);
		record(request, last ? "FAILED" : "PENDING", error);
	}

	private byte[] body(ReonlineRequest request) {
		try {
			return this.json.writeValueAsBytes(request.forPartner(false));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A callback body cannot be written", ex);
		}
	}

	private void record(ReonlineRequest request, String status, String error) {
		int attempts = request.callbackAttempts() + 1;
		double wait = this.settings.backoffAfter(attempts).toMillis() / 1000.0;
		this.jdbc.sql("""
				UPDATE reonline_request SET callback_status = ?, callback_attempts = ?, callback_error = ?,
				    callback_next_at = CASE WHEN ? = 'PENDING' THEN clock_timestamp() + make_interval(secs => ?) END
				WHERE id = ?""")
			.params(status, attempts, (error != null && error.length() > 300) ? error.substring(0, 300) : error, status,
					wait, request.id())
			.update();
	}

}
