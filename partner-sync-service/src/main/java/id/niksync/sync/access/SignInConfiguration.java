package id.niksync.sync.access;

import java.time.Clock;

import id.niksync.access.BoundedWait;
import id.niksync.access.LockingAuthenticationProvider;
import id.niksync.access.PasswordPolicy;
import id.niksync.access.RememberedSignInAccounts;
import id.niksync.access.SignInAuditTable;
import id.niksync.access.SignInLockout;
import id.niksync.access.SignInThrottle;
import id.niksync.sync.ingest.IngestStatus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Operator sign-in: the one authentication provider (HTTP Basic uses it through the
 * global authentication manager), with the lockout and the sign-in audit, and the
 * password policy every password set here must pass.
 */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

	/**
	 * The operator accounts, remembered so that operators can sign in while the replica
	 * database is away (README, "Through outages").
	 */
	/** Sign-in's database calls, each waited for at most the configured time. */
	@Bean
	BoundedWait signInDatabaseWait(AccessProperties properties) {
		return new BoundedWait("sign-in-database", properties.signInWaitsForDatabase(), 16);
	}

	@Bean
	RememberedSignInAccounts rememberedOperators(OperatorAccounts accounts, AccessProperties properties,
			IngestStatus replica, BoundedWait signInDatabaseWait, Clock clock) {
		RememberedSignInAccounts remembered = new RememberedSignInAccounts(accounts, accounts::everySignInAccount,
				properties.rememberedAccountsMaxAge(), clock);
		// The replica breaker is open (or half-open, its probe out) only while the
		// database fails its probes: sign-in then does not wait for it at all (a paused
		// database would hold each sign-in).
		remembered.whileKnownAway(replica::replicaKnownAway);
		// and before it knows, a hung database holds a sign-in no longer than this
		remembered.answerWithin(signInDatabaseWait);
		return remembered;
	}

	@Bean
	SignInAuditTable signInAudit(JdbcClient jdbc, AccessProperties properties, IngestStatus replica,
			BoundedWait signInDatabaseWait) {
		SignInAuditTable audit = new SignInAuditTable(jdbc, properties.successAuditWindow());
		audit.whileKnownAway(replica::replicaKnownAway);
		audit.answerWithin(signInDatabaseWait);
		return audit;
	}

	@Bean
	LockingAuthenticationProvider operatorSignIn(RememberedSignInAccounts accounts, PasswordEncoder passwords,
			SignInAuditTable audit, AccessProperties properties, Clock clock) {
		return new LockingAuthenticationProvider(accounts, passwords,
				new SignInLockout(properties.failuresBeforeLock(), properties.firstLock(), properties.longestLock(),
						clock),
				audit, new SignInThrottle(properties.refusedSignInBurst(), properties.refusedSignInRefill()));
	}

	/**
	 * Reads every account again, and writes sign-in audit rows held while the database
	 * was away.
	 */
	@Bean
	SignInRefresh signInRefresh(RememberedSignInAccounts accounts, SignInAuditTable audit) {
		return new SignInRefresh(accounts, audit);
	}

	static class SignInRefresh {

		private final RememberedSignInAccounts accounts;

		private final SignInAuditTable audit;

		SignInRefresh(RememberedSignInAccounts accounts, SignInAuditTable audit) {
			this.accounts = accounts;
			this.audit = audit;
		}

		@Scheduled(fixedDelayString = "${niksync.access.remembered-accounts-refresh:1m}")
		void refresh() {
			this.accounts.refresh();
			try {
				this.audit.flush();
			}
			catch (RuntimeException ex) {
				// still away: the next run tries again
			}
		}

	}

	@Bean
	PasswordPolicy passwordPolicy() {
		return PasswordPolicy.standard();
	}

}
