package id.niksync.registry.republish;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import id.niksync.access.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs republish jobs in the background, one at a time, batch after batch.
 *
 * <p>
 * No job stays RUNNING with nobody working on it. A worker claims a job for {@code lease}
 * and renews the claim with every batch it commits, together with the batch's progress
 * and cursor. Every {@code resumeInterval} each instance looks for running jobs nobody
 * holds (never claimed, let go at a clean shutdown, or a claim that ran out because its
 * instance died) and for its own, and resumes them after their persisted cursor. So a job
 * resumes by itself after:
 * <ul>
 * <li>a <b>database outage</b>: the worker gives the job up at the first batch that
 * cannot reach the database (no attempt is spent on it, the outage is no fault of the
 * job) and takes it up again at the first look after the database is back;</li>
 * <li>a <b>crash</b> of its instance: another instance, or this one restarted, takes it
 * over once the lease ran out;</li>
 * <li>a <b>shutdown</b>: the current batch finishes and the job is let go at once.</li>
 * </ul>
 * A batch that fails {@code maxAttempts} times in a row for any other reason marks the
 * job FAILED with that reason; a supervisor resumes it ({@code RepublishJobs#resume}).
 * Re-running a batch is safe: it only produces newer versions of the same facts, and
 * replicas apply an event only when its version is newer than the one they hold.
 */
@Component
class RepublishWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RepublishWorker.class);

	private final Republisher republisher;

	private final RepublishJobRepository jobs;

	private final RepublishProperties settings;

	/** This instance, as claims name it: process id, host, and a random part. */
	private final String name;

	/** Jobs queued or running here, so a job is never queued twice. */
	private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	/**
	 * Whether the last look for jobs failed, so an outage is logged once, not every look.
	 */
	private volatile boolean lookFailing;

	private ExecutorService executor;

	private ScheduledExecutorService looker;

	RepublishWorker(Republisher republisher, RepublishJobRepository jobs, RepublishProperties settings) {
		this.republisher = republisher;
		this.jobs = jobs;
		this.settings = settings;
		String process = ManagementFactory.getRuntimeMXBean().getName();
		this.name = process.substring(0, Math.min(process.length(), 80)) + "/"
				+ UUID.randomUUID().toString().substring(0, 8);
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
			log.info("Republish job {} not started, shutting down; another instance or the next start resumes it",
					jobId);
		}
	}

	/** Queues every running job nobody holds, and this instance's own, oldest first. */
	void resumeInterrupted() {
		for (UUID jobId : this.jobs.claimable(this.name)) {
			if (!this.queued.contains(jobId)) {
				log.info("Resuming republish job {} from its last committed batch", jobId);
				submit(jobId);
			}
		}
	}

	/** Whether this instance has the job queued or running. */
	boolean isWorkingOn(UUID jobId) {
		return this.queued.contains(jobId);
	}

	private void lookForJobs() {
		try {
			resumeInterrupted();
			if (this.lookFailing) {
				log.info("Republish jobs: the database answers again");
			}
			this.lookFailing = false;
		}
		catch (RuntimeException | Error ex) {
			// an Error too: one escaping would cancel every later look of the schedule
			if (!this.lookFailing) {
				log.warn("Republish jobs: cannot look for jobs to resume ({}); looking again every {}",
						DatabaseUnavailable.describe(ex), this.settings.resumeInterval());
			}
			this.lookFailing = true;
		}
	}

	private void run(UUID jobId) {
		try {
			if (this.running && this.jobs.claim(jobId, this.name, this.settings.lease())) {
				work(jobId);
			}
		}
		catch (RuntimeException | Error ex) {
			log.warn("Republish job {} could not be claimed ({}); looking again in {}", jobId,
					DatabaseUnavailable.describe(ex), this.settings.resumeInterval());
		}
		finally {
			this.queued.remove(jobId);
		}
	}

	private void work(UUID jobId) {
		int failures = 0;
		while (this.running && !Thread.currentThread().isInterrupted()) {
			try {
				if (!this.republisher.republishNextBatch(jobId, this.name)) {
					return;
				}
				failures = 0;
				pause(this.settings.pauseBetweenBatches());
			}
			catch (RuntimeException | Error ex) {
				// An Error (a stack overflow on one batch's residents) counts as a
				// failed attempt too: escaping, it would leave the job RUNNING, taken
				// up again at every look, forever.
				if (DatabaseUnavailable.causedBy(ex)) {
					// Waiting here would hold the job's thread for as long as the outage
					// lasts; the look every resumeInterval takes the job up again.
					log.warn("Republish job {} paused, the database is unavailable ({}); it resumes when the"
							+ " database is back", jobId, DatabaseUnavailable.describe(ex));
					return;
				}
				failures++;
				// The types only: driver messages can quote row values, NIKs included.
				log.warn("Republish job {}: batch failed ({} of {} attempts): {}", jobId, failures,
						this.settings.maxAttempts(), DatabaseUnavailable.describe(ex));
				if (failures >= this.settings.maxAttempts()) {
					markFailed(jobId, ex.getClass().getSimpleName() + " in " + failures + " attempts in a row");
					return;
				}
				pause(this.settings.retryBackoff());
			}
		}
	}

	private void markFailed(UUID jobId, String failure) {
		try {
			this.republisher.fail(jobId, failure);
			log.warn("Republish job {} FAILED: {}; a supervisor can resume it", jobId, failure);
		}
		catch (RuntimeException | Error ex) {
			// Still RUNNING and held by this instance: the next look tries it again.
			log.warn("Republish job {} could not be marked FAILED ({}); it is tried again", jobId,
					DatabaseUnavailable.describe(ex));
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
			// Shutting down: keep the flag so the loop stops; the job is let go.
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadExecutor((task) -> daemon(task, "republish-worker"));
		this.looker = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "republish-looker"));
		this.running = true;
		long interval = this.settings.resumeInterval().toMillis();
		this.looker.scheduleWithFixedDelay(this::lookForJobs, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.looker.shutdownNow();
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(30, TimeUnit.SECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			int released = this.jobs.releaseAll(this.name);
			if (released > 0) {
				log.info("Let {} running republish job(s) go for another instance or the next start", released);
			}
		}
		catch (RuntimeException ex) {
			log.info("Running republish jobs not let go ({}); they are taken over when their lease runs out",
					DatabaseUnavailable.describe(ex));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
