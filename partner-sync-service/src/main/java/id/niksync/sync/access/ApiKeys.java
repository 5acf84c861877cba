package id.niksync.sync.access;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issues, rotates, revokes and checks partner API keys. Rotation issues a new key and
 * ends the institution's other keys, at once or after a grace period of up to a day (so a
 * partner can deploy the new key without a gap); revocation ends one key at once.
 */
@Component
class ApiKeys {

	static final Duration MAX_GRACE = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final ApiKeyCache cache;

	@Autowired
	ApiKeys(JdbcClient jdbc, AccessProperties properties) {
		this(jdbc, new ApiKeyCache(properties.apiKeyCacheFor(), System::nanoTime));
	}

	ApiKeys(JdbcClient jdbc, ApiKeyCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	IssuedApiKey issue(long institutionId) {
		ApiKeyFormat.Presented key = ApiKeyFormat.generate();
		store(institutionId, key);
		return new IssuedApiKey(key.keyId(), key.key(), null);
	}

	/**
	 * Stores a key the institution generated itself; the answer has its id and no key,
	 * since the secret never came here.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	IssuedApiKey register(long institutionId, ApiKeyHash key) {
		try {
			store(institutionId, key.keyId(), key.secretSha256());
		}
		catch (DuplicateKeyException ex) {
			throw new ApiKeyIdTakenException();
		}
		return new IssuedApiKey(key.keyId(), null, null);
	}

	private void store(long institutionId, ApiKeyFormat.Presented key) {
		store(institutionId, key.keyId(), ApiKeyFormat.sha256(key.secret()));
	}

	private void store(long institutionId, String keyId, String secretSha256) {
		// made at the clock, as rotate() ends keys: a key made by a rotation that waited
		// for another is not older than the key that one made
		this.jdbc
			.sql("INSERT INTO api_key (key_id, institution_id, secret_sha256, created_at)"
					+ " VALUES (?, ?, ?, clock_timestamp())")
			.params(keyId, institutionId, secretSha256)
			.update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	IssuedApiKey rotate(long institutionId, Duration grace) {
		forgetOnCommit();
		// the clock, not the transaction's start: a rotation that waited for another
		// ends that one's key after it was made, not before
		Timestamp until = this.jdbc.sql("SELECT clock_timestamp() + make_interval(secs => ?)")
			.param(grace.toMillis() / 1000.0)
			.query(Timestamp.class)
			.single();
		// A key already ending sooner keeps its earlier end.
		this.jdbc.sql("""
				UPDATE api_key SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), ?)
				WHERE institution_id = ? AND revoked_at IS NULL""").params(until, institutionId).update();
		ApiKeyFormat.Presented key = ApiKeyFormat.generate();
		store(institutionId, key);
		return new IssuedApiKey(key.keyId(), key.key(), until.toInstant());
	}

	/** Returns whether the institution had that key (revoking twice is harmless). */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean revoke(long institutionId, String keyId) {
		forgetOnCommit();
		return this.jdbc.sql("""
				UPDATE api_key SET revoked_at = COALESCE(revoked_at, now())
				WHERE institution_id = ? AND key_id = ?""").params(institutionId, keyId).update() == 1;
	}

	@Transactional(readOnly = true)
	List<ApiKeyInfo> of(long institutionId) {
		return this.jdbc.sql("""
				SELECT key_id, created_at, expires_at, revoked_at,
				       revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AS usable
				FROM api_key WHERE institution_id = ? ORDER BY created_at""")
			.param(institutionId)
			.query((rs, n) -> new ApiKeyInfo(rs.getString("key_id"), instant(rs.getTimestamp("created_at")),
					instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("revoked_at")),
					rs.getBoolean("usable")))
			.list();
	}

	/**
	 * The active institution behind a usable key, or empty: unknown key id, wrong secret,
	 * revoked or rotated-out key, inactive institution. One statement, no transaction; a
	 * key that opened one moments ago is not looked up again ({@link ApiKeyCache}).
	 */
	Optional<AuthenticatedInstitution> authenticate(String presentedKey) {
		return this.cache.authenticate(presentedKey, this::lookUp);
	}

	/**
	 * Forgets every remembered key once the current transaction commits: it changes a
	 * key, or what an institution may do.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void forgetOnCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				ApiKeys.this.cache.forgetAll();
			}
		});
	}

	private Optional<AuthenticatedInstitution> lookUp(ApiKeyFormat.Presented presented) {
		String keyId = presented.keyId();
		return this.jdbc.sql("""
				SELECT k.secret_sha256, i.id, i.name, i.type, i.requests_per_second, i.permissions
				FROM api_key k JOIN institution i ON i.id = k.institution_id
				WHERE k.key_id = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
				  AND i.active""")
			.param(keyId)
			.query((rs, n) -> new StoredKey(rs.getString("secret_sha256"),
					new AuthenticatedInstitution(rs.getLong("id"), rs.getString("name"),
							InstitutionType.valueOf(rs.getString("type")), rs.getInt("requests_per_second"), keyId,
							InstitutionPermission.parse(rs.getString("permissions")))))
			.optional()
			.filter((stored) -> ApiKeyFormat.matches(presented.secret(), stored.secretSha256()))
			.map(StoredKey::institution);
	}

	private record StoredKey(String secretSha256, AuthenticatedInstitution institution) {

	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
