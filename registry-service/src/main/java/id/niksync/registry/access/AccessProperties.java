package id.niksync.registry.access;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import id.niksync.access.PasswordChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in before anyone has been registered through the API.
 *
 * @param passwordStrength BCrypt cost for passwords stored from now on
 * @param failuresBeforeLock wrong passwords in a row that lock an account
 * @param firstLock how long the first lock lasts; each further wrong password doubles it
 * @param longestLock the longest a lock lasts
 * @param refusedSignInBurst refused sign-ins one client address may have at once; beyond
 * them it waits {@code refusedSignInRefill} per further attempt (429, no password check,
 * no audit row)
 * @param refusedSignInRefill how fast an address earns one more attempt
 * @param successAuditWindow a successful sign-in is audited once per account and client
 * address in this window (every refused one always)
 * @param passwordChecksAtOnce the most full password checks (BCrypt) running at once,
 * whoever asks; unset: half the processors, at least one
 * @param passwordCheckWait the longest a password check waits for its turn; one that does
 * not get it is answered 503 {@code SIGN_IN_BUSY}, unchecked
 * @param bootstrapAccounts accounts created at start-up when their username is not taken
 * (an existing account is never changed); their passwords come from the environment
 * ({@code NIKSYNC_ACCESS_BOOTSTRAP_ACCOUNTS_0_PASSWORD} …), never from a file in the
 * repository
 */
@ConfigurationProperties("niksync.access")
record AccessProperties(@DefaultValue("10") int passwordStrength, @DefaultValue("5") int failuresBeforeLock,
		@DefaultValue("1m") Duration firstLock, @DefaultValue("1h") Duration longestLock,
		@DefaultValue("15m") Duration successAuditWindow, @DefaultValue("30") int refusedSignInBurst,
		@DefaultValue("2s") Duration refusedSignInRefill, List<BootstrapAccount> bootstrapAccounts,
		Integer passwordChecksAtOnce, @DefaultValue("1s") Duration passwordCheckWait) {

	AccessProperties {
		passwordChecksAtOnce = PasswordChecks.atOnce(passwordChecksAtOnce, passwordCheckWait);
		bootstrapAccounts = (bootstrapAccounts != null) ? bootstrapAccounts : List.of();
	}

	/**
	 * @param regions NIK prefixes (2, 4 or 6 digits) a REGISTRAR or SUPERVISOR acts on
	 */
	record BootstrapAccount(String username, String password, Set<RegistryRole> roles, List<String> regions) {

		BootstrapAccount {
			regions = (regions != null) ? regions : List.of();
		}

	}

}
