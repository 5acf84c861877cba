package id.niksync.sync.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.springframework.security.core.userdetails.User;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator_account table: passwords (BCrypt hashes), roles, whether the account is
 * enabled, and its lockout state. Who may change what is {@link OperatorAccountChanges}'
 * business; this only stores.
 */
@Component
class OperatorAccounts implements SignInAccounts {

	private static final String COLUMNS = "username, password_hash, roles, active, failed_sign_ins, locked_until,"
			+ " created_at, password_changed_at";

	private final JdbcClient jdbc;

	OperatorAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<SignInAccount> find(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM operator_account WHERE username = ?")
			.param(username)
			.query(OperatorAccounts::signInAccount)
			.optional();
	}

	/** Every account as sign-in needs it (for signing in while the database is away). */
	@Transactional(readOnly = true)
	List<SignInAccount> everySignInAccount() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM operator_account")
			.query(OperatorAccounts::signInAccount)
			.list();
	}

	private static SignInAccount signInAccount(ResultSet rs, int row) throws SQLException {
		return new SignInAccount(User.withUsername(rs.getString("username"))
			.password(rs.getString("password_hash"))
			.roles(roles(rs).stream().map(Enum::name).toArray(String[]::new))
			.disabled(!rs.getBoolean("active"))
			.build(), rs.getInt("failed_sign_ins"), instant(rs, "locked_until"));
	}

	@Override
	@Transactional
	public void recordFailure(String username, IntFunction<Instant> lockedUntilAfter) {
		// The row lock this UPDATE takes orders concurrent wrong passwords: none is lost.
		Optional<Integer> failures = this.jdbc.sql("""
				UPDATE operator_account SET failed_sign_ins = failed_sign_ins + 1, last_failed_at = now()
				WHERE username = ? RETURNING failed_sign_ins""").param(username).query(Integer.class).optional();
		Instant lockedUntil = failures.map(lockedUntilAfter::apply).orElse(null);
		if (lockedUntil != null) {
			this.jdbc.sql("""
					UPDATE operator_account SET locked_until = GREATEST(locked_until, ?) WHERE username = ?""")
				.params(lockedUntil.atOffset(ZoneOffset.UTC), username)
				.update();
		}
	}

	@Override
	@Transactional
	public void recordSuccess(String username) {
		this.jdbc.sql("UPDATE operator_account SET failed_sign_ins = 0, locked_until = NULL WHERE username = ?")
			.param(username)
			.update();
	}

	@Transactional(readOnly = true)
	List<OperatorAccount> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM operator_account ORDER BY username")
			.query(OperatorAccounts::account)
			.list();
	}

	/** Locks the row until the transaction ends, so checks made on it stay true. */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<OperatorAccount> findForUpdate(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM operator_account WHERE username = ? FOR UPDATE")
			.param(username)
			.query(OperatorAccounts::account)
			.optional();
	}

	/** The active admins, locked until the transaction ends. */
	@Transactional(propagation = Propagation.MANDATORY)
	List<String> activeAdminsForUpdate() {
		return this.jdbc.sql("""
				SELECT username FROM operator_account
				WHERE active AND (',' || roles || ',') LIKE '%,ADMIN,%' ORDER BY username FOR UPDATE""")
			.query(String.class)
			.list();
	}

	/** Creates the account unless the username is taken; returns whether it did. */
	@Transactional
	boolean createIfAbsent(String username, String passwordHash, Set<OperatorRole> roles) {
		return this.jdbc.sql("""
				INSERT INTO operator_account (username, password_hash, roles) VALUES (?, ?, ?)
				ON CONFLICT (username) DO NOTHING""")
			.params(username, passwordHash, roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
			.update() == 1;
	}

	@Transactional(readOnly = true)
	boolean exists(String username) {
		return this.jdbc.sql("SELECT count(*) FROM operator_account WHERE username = ?")
			.param(username)
			.query(Long.class)
			.single() > 0;
	}

	@Transactional
	void setActive(String username, boolean active) {
		this.jdbc.sql("UPDATE operator_account SET active = ?, updated_at = now() WHERE username = ?")
			.params(active, username)
			.update();
	}

	/** A new password also ends any lockout: whoever set it knows it. */
	@Transactional
	void setPassword(String username, String passwordHash) {
		this.jdbc.sql("""
				UPDATE operator_account SET password_hash = ?, password_changed_at = now(), updated_at = now(),
				    failed_sign_ins = 0, locked_until = NULL
				WHERE username = ?""").params(passwordHash, username).update();
	}

	private static OperatorAccount account(ResultSet rs, int row) throws SQLException {
		return new OperatorAccount(rs.getString("username"), roles(rs), rs.getBoolean("active"),
				rs.getInt("failed_sign_ins"), instant(rs, "locked_until"), instant(rs, "created_at"),
				instant(rs, "password_changed_at"));
	}

	private static Set<OperatorRole> roles(ResultSet rs) throws SQLException {
		return Arrays.stream(rs.getString("roles").split(","))
			.map(String::trim)
			.map(OperatorRole::valueOf)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(OperatorRole.class)));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
