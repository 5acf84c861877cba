package id.niksync.sync.access;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Keys that opened an institution, remembered for a moment so that a partner's steady
 * stream of requests does not look its key up each time. An entry is the presented key's
 * id and the SHA-256 of its secret (never the secret), so only the very key that was
 * checked is served from it. A change made on this instance (revocation, rotation, an
 * institution disabled or its permissions changed) forgets every entry once it commits;
 * one made on another instance is seen here once the entry is older than
 * {@code niksync.access.api-key-cache-for} (1 s by default), so a revocation holds
 * everywhere within that. Keys that open nothing are never remembered. At most
 * {@link #MAX_ENTRIES} are kept (all forgotten when full).
 */
class ApiKeyCache {

	static final int MAX_ENTRIES = 10_000;

	private final long ttlNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	ApiKeyCache(Duration ttl, LongSupplier nanoTime) {
		this.ttlNanos = ttl.toNanos();
		this.nanoTime = nanoTime;
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
		if (this.ttlNanos <= 0) {
			return lookup.apply(presented.get());
		}
		String id = presented.get().keyId() + ":" + ApiKeyFormat.sha256(presented.get().secret());
		long now = this.nanoTime.getAsLong();
		Entry entry = this.entries.get(id);
		if (entry != null && now - entry.since < this.ttlNanos) {
			return Optional.of(entry.institution);
		}
		Optional<AuthenticatedInstitution> institution = lookup.apply(presented.get());
		if (institution.isPresent()) {
			if (this.entries.size() >= MAX_ENTRIES) {
				this.entries.clear();
			}
			this.entries.put(id, new Entry(institution.get(), now));
		}
		else if (entry != null) {
			this.entries.remove(id, entry);
		}
		return institution;
	}

	void forgetAll() {
		this.entries.clear();
	}

	private record Entry(AuthenticatedInstitution institution, long since) {
	}

}
