package id.niksync.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * When the requests of a fixed set of clients go out, for {@code duration} from
 * {@code start}. Closed loop ({@code perSecond} 0): each client's next request as soon as
 * its last one answered, its latency from sending. Open loop: request k of all due at
 * {@code k / perSecond} s (client c of n sends k = c, c + n, ...), its latency counted
 * from when it was due, so a client held up by a slow answer counts the requests it then
 * sends late as slow too (no coordinated omission).
 */
final class Pace {

	private final long start;

	private final long end;

	private final int perSecond;

	private Pace(long start, Duration duration, int perSecond) {
		this.start = start;
		this.end = start + duration.toNanos();
		this.perSecond = perSecond;
	}

	/** From now, for {@code duration}; {@code perSecond} 0 for a closed loop. */
	static Pace of(Duration duration, int perSecond) {
		if (perSecond < 0) {
			throw new IllegalArgumentException("perSecond (" + perSecond + ") cannot be negative");
		}
		return new Pace(System.nanoTime(), duration, perSecond);
	}

	/**
	 * Waits until request {@code k} is due (open loop; at once in a closed loop).
	 * @return the {@link System#nanoTime()} its latency counts from
	 */
	long awaitTurn(long k) {
		long sent = System.nanoTime();
		if (this.perSecond > 0) {
			long due = this.start + Math.round(k * 1e9 / this.perSecond);
			for (long wait = due - sent; wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			sent = due;
		}
		return sent;
	}

	/**
	 * Whether a request sent (or due) at {@code sent} is past the end: its client is
	 * done.
	 */
	boolean isOver(long sent) {
		return sent - this.end >= 0;
	}

	/** From the start until now: an open loop's clients may end after the duration. */
	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.start);
	}

}
