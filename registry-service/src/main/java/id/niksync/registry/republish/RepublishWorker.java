package id.niksync.registry.republish;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs republish jobs in the background, one at a time, batch after batch.
 *
 * <p>
 * A job cut off by a restart or crash is <b>resumed</b>: at start-up every job still
 * RUNNING is picked up again after its persisted cursor, because progress and cursor
 * commit with each batch. Re-running a region or NIK list as a new job is safe as well:
 * it only produces newer versions of the same facts, and replicas apply an event only
 * when its version is newer than the one they hold. On shutdown the current batch
 * finishes; the job stays RUNNING and resumes at the next start.
 */
@Component
class RepublishWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RepublishWorker.class);

	private final Republisher republisher;

	private final RepublishJobRepository jobs;

	private final RepublishProperties settings;

	/** Jobs queued or running here, so a job is never queued twice. */
	private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private ExecutorService executor;

	RepublishWorker(Republisher republisher, RepublishJobRepository jobs, RepublishProperties settings) {
		this.republisher = republisher;
		this.jobs = jobs;
		this.settings = settings;
	}

	void submit(UUID jobId) {
		if (!this.running || !this.queued.add(jobId)) {
			return;
		}
		try {
			this.executor.execute(() -> run(jobId));
		}
		catch (RejectedExecutionException ex) {
			this.queued.remove(jobId);
			log.info("Republish job {} not started, shutting down; it resumes at the next start", jobId);
		}
	}

	/** Queues every job a restart cut off, oldest first. */
	void resumeInterrupted() {
		for (UUID jobId : this.jobs.running()) {
			log.info("Resuming republish job {} from its last committed batch", jobId);
			submit(jobId);
		}
	}

	private void run(UUID jobId) {
		try {
			int failures = 0;
			while (this.running && !Thread.currentThread().isInterrupted()) {
				try {
					if (!this.republisher.republishNextBatch(jobId)) {
						return;
					}
					failures = 0;
					pause(this.settings.pauseBetweenBatches());
				}
				catch (RuntimeException ex) {
					failures++;
					// The type only: driver messages can quote row values, NIKs included.
					log.warn("Republish job {}: batch failed ({} of {} attempts): {}", jobId, failures,
							this.settings.maxAttempts(), ex.getClass().getName());
					if (failures >= this.settings.maxAttempts()) {
						markFailed(jobId, ex);
						return;
					}
					pause(this.settings.retryBackoff());
				}
			}
		}
		finally {
			this.queued.remove(jobId);
		}
	}

	private void markFailed(UUID jobId, RuntimeException cause) {
		try {
			this.republisher.fail(jobId, cause);
		}
		catch (RuntimeException ex) {
			log.warn("Republish job {} could not be marked FAILED; it resumes at the next start", jobId);
		}
	}

	private void pause(Duration pause) {
		if (pause.isZero() || !this.running) {
			return;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(pause.toNanos());
		}
		catch (InterruptedException ex) {
			// Shutting down: keep the flag so the loop stops; the job resumes at the next
			// start.
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "republish-worker");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		resumeInterrupted();
	}

	@Override
	public void stop() {
		this.running = false;
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
