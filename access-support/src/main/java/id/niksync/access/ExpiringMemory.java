package id.niksync.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a successful credential check found, remembered for a while so that a client
 * presenting the same credentials with every request is not checked in full each time
 * (passwords: {@link RecentlyVerifiedPasswords}; partner-sync's API keys). Bounded: when
 * full, expired entries go first, and if every entry is still fresh all are forgotten
 * (each client then pays one full check again) rather than the memory growing.
 * Thread-safe.
 *
 * @param <K> what identifies the credentials (never the secret itself)
 * @param <V> what the check found
 */
public final class ExpiringMemory<K, V> {

	private final long ttlNanos;

	private final int capacity;

	private final LongSupplier nanoTime;

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

	/**
	 * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
	 */
	public ExpiringMemory(Duration ttl, int capacity, LongSupplier nanoTime) {
		this.ttlNanos = ttl.toNanos();
		this.capacity = capacity;
		this.nanoTime = nanoTime;
	}

	/**
	 * The value remembered for the key, or null when there is none younger than the TTL.
	 */
	public V recall(K key) {
		Entry<V> entry = this.entries.get(key);
		return (entry != null && fresh(entry, this.nanoTime.getAsLong())) ? entry.value : null;
	}

	/**
	 * As {@link #recall}, and a value recalled counts as remembered now (an expiry that
	 * slides with use).
	 */
	public V recallRenewing(K key) {
		long now = this.nanoTime.getAsLong();
		Entry<V> entry = this.entries.get(key);
		if (entry == null || !fresh(entry, now)) {
			return null;
		}
		this.entries.replace(key, entry, new Entry<>(entry.value, now));
		return entry.value;
	}

	public void remember(K key, V value) {
		long now = this.nanoTime.getAsLong();
		if (this.entries.size() >= this.capacity) {
			this.entries.values().removeIf((entry) -> !fresh(entry, now));
			if (this.entries.size() >= this.capacity) {
				this.entries.clear();
			}
		}
		this.entries.put(key, new Entry<>(value, now));
	}

	public void forgetAll() {
		this.entries.clear();
	}

	private boolean fresh(Entry<V> entry, long now) {
		return now - entry.since < this.ttlNanos;
	}

	private record Entry<V>(V value, long since) {
	}

}
