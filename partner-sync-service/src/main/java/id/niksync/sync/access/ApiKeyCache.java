package id.niksync.sync.access;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

import id.niksync.access.ExpiringMemory;

/**
 * Keys that opened an institution, remembered for a moment so that a partner's steady
 * stream of requests does not look its key up each time. An entry is the presented key's
 * id and the SHA-256 of its secret (never the secret), so only the very key that was
 * checked is served from it. A change made on this instance (revocation, rotation, an
 * institution disabled or its permissions changed) forgets every entry once it commits;
 * one made on another instance is seen here once the entry is older than
 * {@code niksync.access.api-key-cache-for} (1 s by default), so a revocation holds
 * everywhere within that. Keys that open nothing are never remembered. At most
 * {@link #MAX_ENTRIES} are kept ({@link ExpiringMemory}).
 */
class ApiKeyCache {

	static final int MAX_ENTRIES = 10_000;

	private final boolean enabled;

	private final ExpiringMemory<String, AuthenticatedInstitution> opened;

	ApiKeyCache(Duration ttl, LongSupplier nanoTime) {
		this.enabled = ttl.toNanos() > 0;
		this.opened = new ExpiringMemory<>(ttl, MAX_ENTRIES, nanoTime);
	}

	/**
	 * The institution behind a presented key: remembered, or looked up by {@code lookup}
	 * (and remembered when it opens one).
	 */
	Optional<AuthenticatedInstitution> authenticate(String presentedKey,
			Function<ApiKeyFormat.Presented, Optional<AuthenticatedInstitution>> lookup) {
		Optional<ApiKeyFormat.Presented> presented = ApiKeyFormat.parse(presentedKey);
		if (presented.isEmpty()) {
			return Optional.empty();
		}
		if (!this.enabled) {
			return lookup.apply(presented.get());
		}
		String id = presented.get().keyId() + ":" + ApiKeyFormat.sha256(presented.get().secret());
		AuthenticatedInstitution remembered = this.opened.recall(id);
		if (remembered != null) {
			return Optional.of(remembered);
		}
		Optional<AuthenticatedInstitution> institution = lookup.apply(presented.get());
		institution.ifPresent((opened) -> this.opened.remember(id, opened));
		return institution;
	}

	void forgetAll() {
		this.opened.forgetAll();
	}

}
