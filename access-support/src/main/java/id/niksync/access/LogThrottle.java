package id.niksync.access;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * For a log line anyone can cause, such as a refusal before sign-in: at most one line per
 * interval, the lines left out in between counted and told in the next one written. One
 * line per request would let any caller fill the log as fast as it can send.
 */
public final class LogThrottle {

	/** What {@link #admit()} answers for a line to leave out. */
	public static final long LEAVE_OUT = -1;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private boolean written;

	private long nextAt;

	private long leftOut;

	public LogThrottle(Duration interval) {
		this(interval, System::nanoTime);
	}

	LogThrottle(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * @return {@link #LEAVE_OUT} when a line was written less than the interval ago, else
	 * how many were left out since the last one written (0 or more): write it
	 */
	public synchronized long admit() {
		long now = this.nanoTime.getAsLong();
		if (this.written && now - this.nextAt < 0) {
			this.leftOut++;
			return LEAVE_OUT;
		}
		this.written = true;
		this.nextAt = now + this.intervalNanos;
		long count = this.leftOut;
		this.leftOut = 0;
		return count;
	}

}
