package id.niksync.localstack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The started parts of a {@link Stack}, each with a stop rank (the lowest is stopped
 * first), some started on threads of their own. {@link #close()} may come at any time,
 * also from another thread while parts are still starting (Ctrl-C during start-up): it
 * waits for them and stops everything in rank order; a part that comes up after that
 * stops itself.
 */
final class Parts {

	private static final Logger log = LoggerFactory.getLogger(Parts.class);

	private final List<Part> started = new ArrayList<>();

	private final List<CompletableFuture<?>> starting = new ArrayList<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private boolean closed;

	/** close() has taken the parts to stop: a part that comes up now stops itself. */
	private boolean stopping;

	/** Starts something that must be stopped again. */
	interface Start<T extends AutoCloseable> {

		T start() throws Exception;

	}

	/** Keeps a started part; fails if the stack was closed meanwhile. */
	<T extends AutoCloseable> T add(int rank, T part) {
		synchronized (this) {
			if (!this.closed) {
				this.started.add(new Part(rank, part));
				return part;
			}
			if (!this.stopping) {
				// close() is waiting for the parts still starting: it stops this one in
				// order.
				this.started.add(new Part(rank, part));
				throw new IllegalStateException("The stack was stopped while starting");
			}
		}
		stop(part);
		throw new IllegalStateException("The stack was stopped while starting");
	}

	/** Starts a part on a thread of its own; it is {@link #add added} once started. */
	synchronized <T extends AutoCloseable> CompletableFuture<T> async(int rank, Start<T> part) {
		CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
			try {
				return add(rank, part.start());
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		}, (task) -> new Thread(task, "stack-start").start());
		this.starting.add(future);
		return future;
	}

	/** Waits for a part started with {@link #async}, and fails as it failed. */
	static <T> T await(CompletableFuture<T> part) throws IOException, InterruptedException {
		try {
			return part.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof CompletionException) ? ex.getCause().getCause() : ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(cause.getMessage(), cause);
		}
	}

	/** Waits for the parts still starting, then stops all in rank order. */
	void close() {
		List<CompletableFuture<?>> pending;
		synchronized (this) {
			if (this.closed) {
				awaitStopped();
				return;
			}
			this.closed = true;
			pending = List.copyOf(this.starting);
		}
		for (CompletableFuture<?> part : pending) {
			try {
				part.get(3, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// failed to start: nothing of it to stop
			}
		}
		List<Part> toStop;
		synchronized (this) {
			this.stopping = true;
			toStop = new ArrayList<>(this.started);
			this.started.clear();
		}
		toStop.sort(Comparator.comparingInt(Part::rank));
		toStop.forEach((part) -> stop(part.resource()));
		this.stopped.countDown();
	}

	private void awaitStopped() {
		try {
			this.stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void stop(AutoCloseable part) {
		log.info("Stopping {}", part);
		try {
			part.close();
		}
		catch (Exception ex) {
			log.warn("Could not stop {}", part, ex);
		}
	}

	private record Part(int rank, AutoCloseable resource) {

	}

}
