package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A database check as a health probe may call it, however many call at once: one check
 * runs at a time, on a thread of its own, and callers that come while it runs share its
 * answer, each waiting for it at most {@code answerWithin}, then DOWN. A hung database (a
 * paused server, a dropped network) thus holds one connection and one thread, not one per
 * probe, for as long as it hangs, and a flood of probes neither asks the database more
 * than one at a time nor is told DOWN for a database that answers. The check's thread
 * serves no request, so its connection is not counted in the requests' share of the pool
 * ({@link RequestConnectionShare}): requests that took their share do not make the
 * database look DOWN.
 */
public final class SharedHealthCheck implements HealthIndicator {

	private final HealthIndicator check;

	private final Duration answerWithin;

	private final ExecutorService thread;

	private CompletableFuture<Health> running;

	/**
	 * @param name the check's thread
	 * @param check the check, called on that thread
	 * @param answerWithin the most a caller waits for its answer
	 */
	public SharedHealthCheck(String name, HealthIndicator check, Duration answerWithin) {
		this.check = check;
		this.answerWithin = answerWithin;
		this.thread = Executors.newSingleThreadExecutor((task) -> {
			Thread daemon = new Thread(task, name);
			daemon.setDaemon(true);
			return daemon;
		});
	}

	@Override
	public Health health() {
		try {
			return running().get(this.answerWithin.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return down("The database did not answer within " + this.answerWithin.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			return Health.down().withDetail("database", "PostgreSQL").withException(ex.getCause()).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return down("Interrupted while waiting for the database");
		}
	}

	/** The check in progress, or a new one. */
	private synchronized CompletableFuture<Health> running() {
		if (this.running == null || this.running.isDone()) {
			this.running = CompletableFuture.supplyAsync(() -> RequestConnectionShare.probe(this.check::health),
					this.thread);
		}
		return this.running;
	}

	/** DOWN with the reason a client of the health endpoint reads. */
	public static Health down(String reason) {
		return Health.down().withDetail("database", "PostgreSQL").withDetail("reason", reason).build();
	}

}
