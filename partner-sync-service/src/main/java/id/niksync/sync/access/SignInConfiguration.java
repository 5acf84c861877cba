package id.niksync.sync.access;

import java.time.Clock;

import id.niksync.access.LockingAuthenticationProvider;
import id.niksync.access.PasswordPolicy;
import id.niksync.access.SignInAuditTable;
import id.niksync.access.SignInLockout;
import id.niksync.access.SignInThrottle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Operator sign-in: the one authentication provider (HTTP Basic uses it through the
 * global authentication manager), with the lockout and the sign-in audit, and the
 * password policy every password set here must pass.
 */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

	@Bean
	LockingAuthenticationProvider operatorSignIn(OperatorAccounts accounts, PasswordEncoder passwords, JdbcClient jdbc,
			AccessProperties properties, Clock clock) {
		return new LockingAuthenticationProvider(accounts, passwords,
				new SignInLockout(properties.failuresBeforeLock(), properties.firstLock(), properties.longestLock(),
						clock),
				new SignInAuditTable(jdbc, properties.successAuditWindow()),
				new SignInThrottle(properties.refusedSignInBurst(), properties.refusedSignInRefill()));
	}

	@Bean
	PasswordPolicy passwordPolicy() {
		return PasswordPolicy.standard();
	}

}
