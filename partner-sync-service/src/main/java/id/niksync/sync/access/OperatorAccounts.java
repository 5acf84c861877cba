package id.niksync.sync.access;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Operator accounts (HTTP Basic on {@code /ops/**}); passwords are BCrypt hashes. */
@Component
class OperatorAccounts implements UserDetailsService {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	OperatorAccounts(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String username) {
		return this.jdbc.sql("SELECT username, password_hash, roles, active FROM operator_account WHERE username = ?")
			.param(username)
			.query((rs, n) -> User.withUsername(rs.getString("username"))
				.password(rs.getString("password_hash"))
				.roles(Arrays.stream(rs.getString("roles").split(",")).map(String::trim).toArray(String[]::new))
				.disabled(!rs.getBoolean("active"))
				.build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No such operator"));
	}

	/** Creates the account unless the username is taken; returns whether it did. */
	@Transactional
	boolean createIfAbsent(String username, String password, Set<OperatorRole> roles) {
		if (username == null || username.isBlank() || password == null || password.length() < 12 || roles == null
				|| roles.isEmpty()) {
			throw new IllegalArgumentException(
					"A bootstrap operator needs a username, a password of at least 12 characters and a role");
		}
		return this.jdbc.sql("""
				INSERT INTO operator_account (username, password_hash, roles) VALUES (?, ?, ?)
				ON CONFLICT (username) DO NOTHING""")
			.params(username.trim(), this.passwords.encode(password),
					roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
			.update() == 1;
	}

}
