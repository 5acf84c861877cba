package id.niksync.sync.ingest;

import java.util.List;

import id.niksync.sync.replica.ApplyResult;
import id.niksync.sync.replica.ReplicaRecord;
import id.niksync.sync.replica.ReplicaWriter;
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
		return this.breaker.executeSupplier(() -> this.writer.apply(records));
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
