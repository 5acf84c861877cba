package id.niksync.sync.access;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import id.niksync.access.PasswordChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in before anyone has been registered through the API, and how sign-in
 * defends itself (the same keys as on the registry).
 *
 * @param passwordStrength BCrypt cost for operator passwords stored from now on
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
 * @param bootstrapOperators operators created at start-up when their username is not
 * taken (an existing account is never changed); their passwords come from the
 * environment, never from a file in the repository, and must pass the password policy
 * @param unauthenticatedLimit how many requests without a valid API key one client
 * address may make
 * @param rememberedAccountsRefresh how often every operator account is read into memory,
 * for signing in while the database is away
 * @param rememberedAccountsMaxAge the oldest account read that may still sign in while
 * the database is away
 * @param signInWaitsForDatabase the most a sign-in waits for the database before it
 * answers from remembered accounts (a hung database accepts and never answers)
 * @param apiKeyCacheFor how long a partner key that opened its institution is not looked
 * up again: a revocation, rotation or institution change made on another instance holds
 * here after at most this (on the instance that made it, at once); {@code 0} looks every
 * key up
 */
@ConfigurationProperties("niksync.access")
record AccessProperties(@DefaultValue("10") int passwordStrength, @DefaultValue("5") int failuresBeforeLock,
		@DefaultValue("1m") Duration firstLock, @DefaultValue("1h") Duration longestLock,
		@DefaultValue("15m") Duration successAuditWindow, @DefaultValue("30") int refusedSignInBurst,
		@DefaultValue("2s") Duration refusedSignInRefill, List<BootstrapOperator> bootstrapOperators,
		@DefaultValue UnauthenticatedLimit unauthenticatedLimit, @DefaultValue("1m") Duration rememberedAccountsRefresh,
		@DefaultValue("24h") Duration rememberedAccountsMaxAge, @DefaultValue("2s") Duration signInWaitsForDatabase,
		@DefaultValue("1s") Duration apiKeyCacheFor, Integer passwordChecksAtOnce,
		@DefaultValue("1s") Duration passwordCheckWait) {

	AccessProperties {
		passwordChecksAtOnce = PasswordChecks.atOnce(passwordChecksAtOnce, passwordCheckWait);
		if (apiKeyCacheFor.isNegative() || apiKeyCacheFor.compareTo(Duration.ofSeconds(2)) > 0) {
			throw new IllegalArgumentException("api-key-cache-for must be 0 to 2s: a revocation must hold within 2 s");
		}
		bootstrapOperators = (bootstrapOperators != null) ? bootstrapOperators : List.of();
	}

	record BootstrapOperator(String username, String password, Set<OperatorRole> roles) {
	}

	/**
	 * Requests to {@code /partner/**} without a key, and requests with a key that opens
	 * nothing, per client address ({@code getRemoteAddr()}: behind a reverse proxy, set
	 * {@code server.forward-headers-strategy} so that it is the client's).
	 *
	 * @param requestsPerSecond the sustained rate
	 * @param burst how many may come at once
	 * @param trackedAddresses the most addresses remembered; the least recently seen is
	 * forgotten first
	 */
	record UnauthenticatedLimit(@DefaultValue("10") int requestsPerSecond, @DefaultValue("20") int burst,
			@DefaultValue("10000") int trackedAddresses) {

		UnauthenticatedLimit {
			if (requestsPerSecond < 1 || burst < 1 || trackedAddresses < 1) {
				throw new IllegalArgumentException("unauthenticated-limit values must be at least 1");
			}
		}

	}

}
