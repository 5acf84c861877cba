package id.niksync.sync.reonline;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Ends pending requests every {@code pollInterval} and delivers due callbacks, each on a
 * thread of its own: a slow callback receiver, or the one scheduler thread Spring shares
 * with reconciliation, must not hold back a request that is already online. A failure
 * (the database away) is logged and tried again at the next turn.
 */
class ReonlineWatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReonlineWatcher.class);

	private final ReonlineSettlement settlement;

	private final CallbackDispatcher callbacks;

	private final ReonlineProperties settings;

	private ScheduledExecutorService executor;

	/** {@link System#nanoTime()} may be negative: "never" is more than a minute ago. */
	private volatile long lastFailureLogged = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

	private volatile long lastErrorLogged = this.lastFailureLogged;

	ReonlineWatcher(ReonlineSettlement settlement, CallbackDispatcher callbacks, ReonlineProperties settings) {
		this.settlement = settlement;
		this.callbacks = callbacks;
		this.settings = settings;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "reonline-watcher");
			thread.setDaemon(true);
			return thread;
		});
		long poll = this.settings.pollInterval().toMillis();
		this.executor.scheduleWithFixedDelay(() -> guarded("settle", this::settleIfPending), poll, poll,
				TimeUnit.MILLISECONDS);
		this.executor.scheduleWithFixedDelay(() -> guarded("deliver callbacks", this.callbacks::dispatch), 1000, 1000,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void settleIfPending() {
		if (this.settlement.anyPending()) {
			this.settlement.settle();
		}
	}

	private void guarded(String what, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException | Error ex) {
			// An Error too: escaping, it would cancel the schedule (requests would never
			// settle, callbacks never be made). At most once a minute: during an outage
			// this fails five times a second.
			// An Error is counted apart, so that an outage's warnings do not hide it.
			long now = System.nanoTime();
			if (ex instanceof Error) {
				if (now - this.lastErrorLogged > TimeUnit.MINUTES.toNanos(1)) {
					this.lastErrorLogged = now;
					// unexpected: with its trace
					log.error("Re-online requests: could not {}, trying again", what, ex);
				}
			}
			else if (now - this.lastFailureLogged > TimeUnit.MINUTES.toNanos(1)) {
				this.lastFailureLogged = now;
				log.warn("Re-online requests: could not {} ({}), trying again", what, ex.getClass().getSimpleName());
			}
		}
	}

}
