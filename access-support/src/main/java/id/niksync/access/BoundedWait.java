package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Waits a bounded time for a database call that a hung database would hold forever: a
 * server paused by {@code SIGSTOP} or behind a dropped network accepts connections and
 * never answers, and no pool timeout covers a statement already sent. The call runs on a
 * thread of a small pool of its own; the caller waits at most {@code answerWithin} and
 * then gets a {@link DatabaseTooSlowException}, which {@link DatabaseUnavailable} counts
 * as an outage. The call itself goes on and ends as it ends, so what it does must be
 * harmless to finish late. With every thread of the pool still waiting, a new call is
 * refused at once the same way.
 */
public final class BoundedWait {

	private final Duration answerWithin;

	private final ThreadPoolExecutor threads;

	/**
	 * @param name the threads' name
	 * @param answerWithin the most a caller waits
	 * @param maxWaiting at most this many calls wait on the database at once
	 */
	public BoundedWait(String name, Duration answerWithin, int maxWaiting) {
		this.answerWithin = answerWithin;
		AtomicInteger count = new AtomicInteger();
		this.threads = new ThreadPoolExecutor(0, maxWaiting, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * {@code call}'s result, if it comes within the bound. Made for a request, its
	 * connections count in the requests' share of the pool
	 * ({@link RequestConnectionShare}).
	 */
	public <T> T call(Supplier<T> call) {
		CompletableFuture<T> result;
		try {
			result = CompletableFuture.supplyAsync(RequestConnectionShare.carried(call), this.threads);
		}
		catch (RejectedExecutionException ex) {
			throw new DatabaseTooSlowException("Every database call allowed is still waiting for an answer", false);
		}
		try {
			return result.get(this.answerWithin.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new DatabaseTooSlowException(
					"The database did not answer within " + this.answerWithin.toMillis() + " ms", true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DatabaseTooSlowException("Interrupted while waiting for the database", true);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** {@code call}, waited for within the bound. */
	public void run(Runnable call) {
		call(() -> {
			call.run();
			return null;
		});
	}

	/** A database that did not answer in time: an outage, for the caller. */
	public static final class DatabaseTooSlowException extends TransientDataAccessResourceException {

		private final boolean callStarted;

		DatabaseTooSlowException(String message, boolean callStarted) {
			super(message);
			this.callStarted = callStarted;
		}

		/** Whether the call runs on (true) or was refused before it began (false). */
		public boolean callStarted() {
			return this.callStarted;
		}

	}

}
