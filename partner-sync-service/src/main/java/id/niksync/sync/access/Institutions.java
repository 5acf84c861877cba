package id.niksync.sync.access;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import id.niksync.sync.audit.OperatorAudit;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partner institutions and what operators do to them. Every change is written to the
 * operator audit in the same transaction.
 */
@Component
class Institutions {

	private static final String COLUMNS = "id, name, type, requests_per_second, active, created_at, permissions,"
			+ " callback_url";

	private final JdbcClient jdbc;

	private final ApiKeys keys;

	private final OperatorAudit audit;

	Institutions(JdbcClient jdbc, ApiKeys keys, OperatorAudit audit) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.audit = audit;
	}

	/**
	 * Registers an institution with its first key: a new one issued here, or, when
	 * {@code ownKey} is given, the key the institution generated itself, of which only
	 * the SHA-256 of the secret is ever sent.
	 */
	@Transactional
	Registered register(String name, InstitutionType type, int requestsPerSecond,
			Set<InstitutionPermission> permissions, ApiKeyHash ownKey, String operator) {
		Institution institution = insert(name, type, requestsPerSecond, permissions);
		IssuedApiKey key = (ownKey != null) ? this.keys.register(institution.id(), ownKey)
				: this.keys.issue(institution.id());
		this.audit.record(operator, "INSTITUTION_REGISTER", target(institution.id()), null,
				"type=" + type + ", requestsPerSecond=" + requestsPerSecond + ", permissions="
						+ InstitutionPermission.store(permissions) + ", key=" + key.keyId()
						+ ((ownKey != null) ? " (institution's own)" : ""));
		return new Registered(institution, key);
	}

	@Transactional
	Institution change(long id, Boolean active, Integer requestsPerSecond, Set<InstitutionPermission> permissions,
			String operator) {
		// read under the row's lock: two changes at once each filled the fields they did
		// not send from what they had read, so a rate change undid a deactivation made
		// meanwhile (code review, 2026-12-06)
		lock(id);
		Institution before = find(id).orElseThrow(() -> new InstitutionNotFoundException(id));
		this.keys.forgetOnCommit();
		this.jdbc.sql("""
				UPDATE institution SET active = ?, requests_per_second = ?, permissions = ?, updated_at = now()
				WHERE id = ?""")
			.params((active != null) ? active : before.active(),
					(requestsPerSecond != null) ? requestsPerSecond : before.requestsPerSecond(),
					InstitutionPermission.store((permissions != null) ? permissions : before.permissions()), id)
			.update();
		this.audit.record(operator, "INSTITUTION_CHANGE", target(id), null,
				"active=" + active + ", requestsPerSecond=" + requestsPerSecond + ", permissions="
						+ ((permissions != null) ? InstitutionPermission.store(permissions) : null));
		return find(id).orElseThrow();
	}

	@Transactional
	IssuedApiKey rotateKeys(long id, Duration grace, String operator, String reason) {
		// One rotation of an institution at a time: two at once each ended only the keys
		// committed before they began, so both new keys, and more, stayed usable with no
		// end (attack run 2026-12-06).
		lock(id);
		IssuedApiKey key = this.keys.rotate(id, grace);
		this.audit.record(operator, "API_KEY_ROTATE", target(id), reason,
				"newKey=" + key.keyId() + ", previousKeysValidUntil=" + key.previousKeysValidUntil());
		return key;
	}

	@Transactional
	void revokeKey(long id, String keyId, String operator, String reason) {
		requireExists(id);
		if (!this.keys.revoke(id, keyId)) {
			throw new ApiKeyNotFoundException();
		}
		this.audit.record(operator, "API_KEY_REVOKE", target(id), reason, "key=" + keyId);
	}

	@Transactional(readOnly = true)
	Optional<Institution> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM institution WHERE id = ?")
			.param(id)
			.query(Institutions::map)
			.optional();
	}

	@Transactional(readOnly = true)
	List<Institution> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM institution ORDER BY id").query(Institutions::map).list();
	}

	private Institution insert(String name, InstitutionType type, int requestsPerSecond,
			Set<InstitutionPermission> permissions) {
		try {
			return this.jdbc
				.sql("INSERT INTO institution (name, type, requests_per_second, permissions) VALUES (?, ?, ?, ?)"
						+ " RETURNING " + COLUMNS)
				.params(name, type.name(), requestsPerSecond, InstitutionPermission.store(permissions))
				.query(Institutions::map)
				.single();
		}
		catch (DuplicateKeyException ex) {
			throw new InstitutionNameTakenException();
		}
	}

	/**
	 * Locks the institution's row for a change, for the rest of the transaction. NO KEY
	 * UPDATE: the foreign-key checks (KEY SHARE) of the audit rows its lookups write do
	 * not wait for it.
	 * @throws InstitutionNotFoundException when there is no such institution
	 */
	private void lock(long id) {
		if (this.jdbc.sql("SELECT id FROM institution WHERE id = ? FOR NO KEY UPDATE")
			.param(id)
			.query(Long.class)
			.optional()
			.isEmpty()) {
			throw new InstitutionNotFoundException(id);
		}
	}

	private void requireExists(long id) {
		if (find(id).isEmpty()) {
			throw new InstitutionNotFoundException(id);
		}
	}

	private static String target(long id) {
		return "institution:" + id;
	}

	private static Institution map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new Institution(rs.getLong("id"), rs.getString("name"), InstitutionType.valueOf(rs.getString("type")),
				rs.getInt("requests_per_second"), rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant(),
				InstitutionPermission.parse(rs.getString("permissions")), rs.getString("callback_url"));
	}

	record Registered(Institution institution, IssuedApiKey apiKey) {
	}

}
