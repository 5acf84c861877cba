package id.niksync.registry.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import id.niksync.access.SignInAccount;
import id.niksync.access.SignInAccounts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registry accounts (HTTP Basic): BCrypt password hashes, roles, regions and the lockout
 * state sign-in keeps.
 */
@Component
class RegistryAccounts implements SignInAccounts {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	RegistryAccounts(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<SignInAccount> find(String username) {
		return this.jdbc.sql("""
				SELECT username, password_hash, roles, regions, active, failed_sign_ins, locked_until
				FROM registry_account WHERE username = ?""")
			.param(username)
			.query((rs, n) -> new SignInAccount(
					new RegistryUser(rs.getString("username"), rs.getString("password_hash"), rs.getBoolean("active"),
							roles(rs.getString("roles")), list(rs.getString("regions"))),
					rs.getInt("failed_sign_ins"),
					(rs.getTimestamp("locked_until") != null) ? rs.getTimestamp("locked_until").toInstant() : null))
			.optional();
	}

	@Override
	@Transactional
	public void recordFailure(String username, IntFunction<Instant> lockedUntilAfter) {
		// One statement bumps the count, so concurrent wrong passwords all count.
		Integer failures = this.jdbc
			.sql("UPDATE registry_account SET failed_sign_ins = failed_sign_ins + 1 WHERE username = ?"
					+ " RETURNING failed_sign_ins")
			.param(username)
			.query(Integer.class)
			.optional()
			.orElse(null);
		Instant lockedUntil = (failures != null) ? lockedUntilAfter.apply(failures) : null;
		if (lockedUntil != null) {
			this.jdbc
				.sql("UPDATE registry_account SET locked_until = greatest(coalesce(locked_until, ?), ?)"
						+ " WHERE username = ?")
				.params(Timestamp.from(lockedUntil), Timestamp.from(lockedUntil), username)
				.update();
		}
	}

	@Override
	@Transactional
	public void recordSuccess(String username) {
		this.jdbc.sql("UPDATE registry_account SET failed_sign_ins = 0, locked_until = NULL WHERE username = ?")
			.param(username)
			.update();
	}

	/**
	 * Creates the account unless the username is taken; returns whether it did.
	 * @param password checked by the caller
	 */
	@Transactional
	boolean createIfAbsent(String username, String password, Set<RegistryRole> roles, List<String> regions) {
		return this.jdbc.sql("""
				INSERT INTO registry_account (username, password_hash, roles, regions) VALUES (?, ?, ?, ?)
				ON CONFLICT (username) DO NOTHING""")
			.params(username, this.passwords.encode(password), join(roles), String.join(",", regions))
			.update() == 1;
	}

	@Transactional(readOnly = true)
	List<AccountView> list() {
		return this.jdbc.sql("SELECT * FROM registry_account ORDER BY username").query(RegistryAccounts::view).list();
	}

	@Transactional(readOnly = true)
	Optional<AccountView> view(String username) {
		return this.jdbc.sql("SELECT * FROM registry_account WHERE username = ?")
			.param(username)
			.query(RegistryAccounts::view)
			.optional();
	}

	/**
	 * Waits for any other change that may take an administrator away (a disable, an
	 * access change) to end, for the rest of this transaction, so that each counts the
	 * other administrators as the last left them. When each locked its target and then
	 * the others' rows, two administrators disabling each other at once locked the same
	 * two rows in opposite orders, and PostgreSQL answered one with a deadlock, a 500
	 * (attack run 2026-12-06). Subject to the pool's lock timeout.
	 */
	void serializeAdministratorChanges() {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('registry_account administrators'))")
			.query((rs, row) -> 1)
			.list();
	}

	/** Locks the account's row for a change; empty when there is no such account. */
	Optional<AccountView> lock(String username) {
		return this.jdbc.sql("SELECT * FROM registry_account WHERE username = ? FOR UPDATE")
			.param(username)
			.query(RegistryAccounts::view)
			.optional();
	}

	Optional<String> passwordHash(String username) {
		return this.jdbc.sql("SELECT password_hash FROM registry_account WHERE username = ?")
			.param(username)
			.query(String.class)
			.optional();
	}

	void setActive(String username, boolean active) {
		this.jdbc.sql("UPDATE registry_account SET active = ? WHERE username = ?").params(active, username).update();
	}

	/** A new password also ends any lockout. */
	void setPassword(String username, String password) {
		this.jdbc.sql("""
				UPDATE registry_account SET password_hash = ?, password_changed_at = now(), failed_sign_ins = 0,
				    locked_until = NULL
				WHERE username = ?""").params(this.passwords.encode(password), username).update();
	}

	void setAccess(String username, Set<RegistryRole> roles, List<String> regions) {
		this.jdbc.sql("UPDATE registry_account SET roles = ?, regions = ? WHERE username = ?")
			.params(join(roles), String.join(",", regions), username)
			.update();
	}

	/**
	 * Active administrators other than {@code username}. Read without row locks: every
	 * change that could lower the count holds {@link #serializeAdministratorChanges()},
	 * and row locks here made sign-ins' lockout updates wait behind account changes.
	 */
	long otherActiveAdmins(String username) {
		return this.jdbc.sql("""
				SELECT username FROM registry_account
				WHERE active AND username <> ? AND (',' || roles || ',') LIKE '%,ADMIN,%'""")
			.param(username)
			.query(String.class)
			.list()
			.size();
	}

	private static AccountView view(ResultSet rs, int row) throws SQLException {
		Timestamp lockedUntil = rs.getTimestamp("locked_until");
		return new AccountView(rs.getString("username"), roles(rs.getString("roles")), list(rs.getString("regions")),
				rs.getBoolean("active"), (lockedUntil != null) ? lockedUntil.toInstant() : null,
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("password_changed_at").toInstant());
	}

	static String join(Set<RegistryRole> roles) {
		return roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
	}

	static Set<RegistryRole> roles(String stored) {
		Set<RegistryRole> roles = EnumSet.noneOf(RegistryRole.class);
		list(stored).forEach((role) -> roles.add(RegistryRole.valueOf(role)));
		return roles;
	}

	static List<String> list(String stored) {
		return Arrays.stream(stored.split(",")).map(String::trim).filter((value) -> !value.isEmpty()).toList();
	}

}
