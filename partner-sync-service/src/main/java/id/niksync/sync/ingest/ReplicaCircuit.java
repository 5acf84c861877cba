package id.niksync.sync.ingest;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import id.niksync.sync.replica.ApplyResult;
import id.niksync.sync.replica.ReplicaRecord;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.sync.system.UnexpectedError;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Replica writes behind a circuit breaker that steers consumption (G3). When the replica
 * database keeps failing the breaker opens and the listener container is paused, so
 * records wait on the topic instead of being retried to exhaustion; when the breaker lets
 * a probe through (half-open) the container resumes, and the first batch decides whether
 * it closes or opens again.
 */
@Component
class ReplicaCircuit {

	static final String NAME = "replica";

	private static final Logger log = LoggerFactory.getLogger(ReplicaCircuit.class);

	private final ReplicaWriter writer;

	private final CircuitBreaker breaker;

	private final KafkaListenerEndpointRegistry containers;

	/**
	 * Consecutive probes that failed for the environment, from either prober (the replica
	 * probe and the sync-health sampler's reads); a probe that works starts it again.
	 */
	private final AtomicInteger failedProbes = new AtomicInteger();

	ReplicaCircuit(ReplicaWriter writer, CircuitBreakerRegistry breakers, KafkaListenerEndpointRegistry containers) {
		this.writer = writer;
		this.breaker = breakers.circuitBreaker(NAME);
		this.containers = containers;
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			switch (event.getStateTransition().getToState()) {
				case OPEN, FORCED_OPEN -> pause();
				case HALF_OPEN, CLOSED -> resume();
				default -> {
				}
			}
		});
	}

	ApplyResult apply(List<ReplicaRecord> records) {
		// an Error wrapped: unwrapped, the breaker would not give its permission back
		return this.breaker.executeSupplier(() -> UnexpectedError.wrapped(() -> this.writer.apply(records)));
	}

	/**
	 * A probe of the replica database through the same breaker, so the breaker follows
	 * the database even while no records flow: while it is open the probe is refused
	 * without touching the database ({@code CallNotPermittedException}); in half-open a
	 * probe that works closes it; a probe that fails for the environment counts as a
	 * failure, and two in a row open it at once. A probe that works while the breaker is
	 * closed is not counted, so it does not dilute the writes' failures.
	 */
	<T> T probe(Supplier<T> read) {
		this.breaker.acquirePermission();
		long started = System.nanoTime();
		try {
			T value = UnexpectedError.wrapped(read);
			this.failedProbes.set(0);
			if (this.breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
				this.breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			}
			else {
				this.breaker.releasePermission();
			}
			return value;
		}
		catch (RuntimeException ex) {
			if (!FailureClassifier.isOutage(ex)) {
				this.breaker.releasePermission();
				throw ex;
			}
			this.breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
			if (this.failedProbes.incrementAndGet() >= 2 && this.breaker.getState() == CircuitBreaker.State.CLOSED) {
				log.warn("The replica database failed two probes in a row: opening the circuit");
				this.breaker.transitionToOpenState();
			}
			throw ex;
		}
	}

	void onStateChange(Runnable action) {
		this.breaker.getEventPublisher().onStateTransition((event) -> action.run());
	}

	CircuitBreaker.State state() {
		return this.breaker.getState();
	}

	private void pause() {
		MessageListenerContainer container = container();
		if (container != null && !container.isPauseRequested()) {
			log.warn("Replica writes keep failing: circuit open, pausing ingestion until the replica answers");
			container.pause();
		}
	}

	private void resume() {
		MessageListenerContainer container = container();
		if (container != null && container.isPauseRequested()) {
			log.info("Circuit {}: resuming ingestion", this.breaker.getState());
			container.resume();
		}
	}

	private MessageListenerContainer container() {
		return this.containers.getListenerContainer(NikChangesListener.ID);
	}

}
