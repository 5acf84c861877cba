package id.niksync.sync.ingest;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import id.niksync.access.RequestConnectionShare;
import id.niksync.sync.system.UnexpectedError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Probes the replica database every {@code niksync.replica-probe.interval} through the
 * replica breaker ({@link ReplicaCircuit#probe}): two failed probes in a row open it, so
 * it opens within about {@code interval + 2 × timeout} of an outage (4 s by default)
 * whether or not records flow, and a probe in half-open that works closes it. The query
 * runs on a thread of its own and the prober waits at most {@code timeout}: a database
 * that hangs (a paused process, a dropped network) fails the probe instead of holding it.
 * While one query hangs no second one is started.
 */
@Component
class ReplicaProbe implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplicaProbe.class);

	private final ReplicaCircuit circuit;

	private final JdbcClient jdbc;

	private final ProbeProperties settings;

	private ScheduledExecutorService schedule;

	private ExecutorService queries;

	private Future<Integer> query;

	ReplicaProbe(ReplicaCircuit circuit, JdbcClient jdbc, ProbeProperties settings) {
		this.circuit = circuit;
		this.jdbc = jdbc;
		this.settings = settings;
	}

	void probe() {
		if (!probeOnce() && this.circuit.state() == CircuitBreaker.State.CLOSED) {
			// at once, not after the interval: the second failure opens the breaker
			probeOnce();
		}
	}

	/** False when the probe failed for the environment. */
	private boolean probeOnce() {
		try {
			this.circuit.probe(this::selectOne);
			return true;
		}
		catch (CallNotPermittedException open) {
			return true;
		}
		catch (UnexpectedError ex) {
			log.error("Replica probe failed unexpectedly", ex.getCause());
			return !FailureClassifier.isOutage(ex);
		}
		catch (RuntimeException ex) {
			log.debug("Replica probe failed: {}", ex.toString());
			return !FailureClassifier.isOutage(ex);
		}
	}

	private Integer selectOne() {
		if (this.query == null || this.query.isDone()) {
			// from the probes' part of the pool: what holds the rest does not fail it
			this.query = this.queries.submit(
					() -> RequestConnectionShare.probe(() -> this.jdbc.sql("SELECT 1").query(Integer.class).single()));
		}
		try {
			return this.query.get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new ProbeFailedException("The replica database did not answer within " + this.settings.timeout(), ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Error error) {
				// counted by the breaker as the environment's, as ingestion counts it
				throw UnexpectedError.of(error);
			}
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new ProbeFailedException(ex.getCause().toString(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProbeFailedException("interrupted", new TimeoutException());
		}
	}

	@Override
	public synchronized void start() {
		this.queries = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "replica-probe-query");
			thread.setDaemon(true);
			return thread;
		});
		this.schedule = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replica-probe");
			thread.setDaemon(true);
			return thread;
		});
		this.schedule.scheduleWithFixedDelay(() -> {
			try {
				probe();
			}
			catch (RuntimeException ex) {
				log.debug("Replica probe: {}", ex.toString());
			}
			catch (Error ex) {
				// escaping, it would cancel every later probe
				log.error("Replica probe failed unexpectedly", ex);
			}
		}, this.settings.interval().toMillis(), this.settings.interval().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.schedule != null) {
			this.schedule.shutdownNow();
			this.queries.shutdownNow();
			this.schedule = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.schedule != null;
	}

	/** A probe that failed for the environment: no answer in time, or no connection. */
	static class ProbeFailedException extends RuntimeException {

		ProbeFailedException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
