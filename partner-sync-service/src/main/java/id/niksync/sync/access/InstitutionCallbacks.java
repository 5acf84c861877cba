package id.niksync.sync.access;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where an institution hears that its re-online requests ended, and the secret their
 * bodies are signed with. The secret signs, so it is kept as it is; it leaves this
 * service only in the answer that sets it.
 */
@Component
public class InstitutionCallbacks {

	private final JdbcClient jdbc;

	InstitutionCallbacks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void set(long institutionId, String url, String secret) {
		this.jdbc.sql("UPDATE institution SET callback_url = ?, callback_secret = ?, updated_at = now() WHERE id = ?")
			.params(url, secret, institutionId)
			.update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void clear(long institutionId) {
		set(institutionId, null, null);
	}

	@Transactional(readOnly = true)
	public Optional<Callback> of(long institutionId) {
		return this.jdbc
			.sql("SELECT callback_url, callback_secret FROM institution WHERE id = ? AND callback_url IS NOT NULL")
			.param(institutionId)
			.query((rs, n) -> new Callback(rs.getString("callback_url"), rs.getString("callback_secret")))
			.optional();
	}

	/** An institution's callback: its URL and signing secret. */
	public record Callback(String url, String secret) {

		@Override
		public String toString() {
			return "Callback[url=" + this.url + "]";
		}

	}

}
