package id.niksync.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * When the requests of a fixed set of clients go out, for {@code duration} from
 * {@code start}. Closed loop ({@code perSecond} 0): each client's next request as soon as
 * its last one answered, its latency from sending. Open loop: request k of all due at
 * {@code k / perSecond} s, its latency counted from when it was due, so a client held up
 * by a slow answer counts the requests it then sends late as slow too (no coordinated
 * omission). Which client sends request k is the {@link Dispatch}'s.
 */
final class Pace {

	/** Which of n clients sends which request of an open loop. */
	enum Dispatch {

		/**
		 * The next request due goes to whichever client is free, as an application's
		 * connection pool hands out its connections: a slow answer holds up one
		 * connection, not the requests that happen to be numbered after it.
		 */
		POOL,

		/**
		 * Client c of n sends requests c, c + n, …: each its own schedule, so a slow
		 * answer delays that client's next requests while others may idle.
		 */
		EACH_CLIENT

	}

	private final long start;

	private final long end;

	private final int perSecond;

	private final Dispatch dispatch;

	private final AtomicLong pooled = new AtomicLong();

	private Pace(long start, Duration duration, int perSecond, Dispatch dispatch) {
		this.start = start;
		this.end = start + duration.toNanos();
		this.perSecond = perSecond;
		this.dispatch = dispatch;
	}

	/**
	 * From now, for {@code duration}; {@code perSecond} 0 for a closed loop; an open loop
	 * {@link Dispatch#POOL pooled}.
	 */
	static Pace of(Duration duration, int perSecond) {
		return of(duration, perSecond, Dispatch.POOL);
	}

	/** From now, for {@code duration}; {@code perSecond} 0 for a closed loop. */
	static Pace of(Duration duration, int perSecond, Dispatch dispatch) {
		if (perSecond < 0) {
			throw new IllegalArgumentException("perSecond (" + perSecond + ") cannot be negative");
		}
		return new Pace(System.nanoTime(), duration, perSecond, dispatch);
	}

	/**
	 * The numbers of the requests client {@code client} of {@code clients} sends, in
	 * order (for {@link #awaitTurn(long)}).
	 */
	LongSupplier turnsOf(int client, int clients) {
		if (this.dispatch == Dispatch.POOL) {
			return this.pooled::getAndIncrement;
		}
		AtomicLong next = new AtomicLong(client);
		return () -> next.getAndAdd(clients);
	}

	Dispatch dispatch() {
		return this.dispatch;
	}

	/**
	 * Waits until request {@code k} is due (open loop; at once in a closed loop).
	 * @return the {@link System#nanoTime()} its latency counts from
	 */
	long awaitTurn(long k) {
		long sent = System.nanoTime();
		if (this.perSecond > 0) {
			long due = this.start + Math.round(k * 1e9 / this.perSecond);
			if (isOver(due)) {
				// past the end: the client is done, without waiting for it
				return due;
			}
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

	/** The whole second since the start {@code at} falls in. */
	int secondOf(long at) {
		return (int) Math.max(0, (at - this.start) / 1_000_000_000L);
	}

	/** From the start until now: an open loop's clients may end after the duration. */
	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.start);
	}

}
