package id.niksync.sync.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The ingestion consumer's state as operators need it: running, paused, and the breaker.
 */
@Component
public class IngestStatus {

	private final KafkaListenerEndpointRegistry containers;

	private final ReplicaCircuit circuit;

	private final TopicProperties topic;

	IngestStatus(KafkaListenerEndpointRegistry containers, ReplicaCircuit circuit, TopicProperties topic,
			MeterRegistry meters) {
		this.containers = containers;
		this.circuit = circuit;
		this.topic = topic;
		Gauge.builder("niksync.ingest.paused", this, (s) -> s.snapshot().paused() ? 1 : 0)
			.description("1 while ingestion is paused (circuit open or an operator paused it)")
			.register(meters);
	}

	public Snapshot snapshot() {
		MessageListenerContainer container = this.containers.getListenerContainer(NikChangesListener.ID);
		boolean running = container != null && container.isRunning();
		boolean paused = container != null && container.isPauseRequested();
		return new Snapshot(NikChangesListener.ID, running, paused, this.circuit.state().name());
	}

	/**
	 * The topics ingestion consumes: the registry's ({@code nik-changes}) and the replay
	 * topic; records waiting on either count as waiting.
	 */
	public List<String> topics() {
		return this.topic.ingested();
	}

	/**
	 * The consumer group whose committed offsets mark ingestion's progress, as the
	 * listener container actually uses it; null before the container exists.
	 */
	public String consumerGroup() {
		MessageListenerContainer container = this.containers.getListenerContainer(NikChangesListener.ID);
		return (container != null) ? container.getGroupId() : null;
	}

	/**
	 * Reads the replica database through the replica breaker: a failure counts towards
	 * opening it, a success in half-open closes it, and while it is open the read is
	 * refused at once ({@code CallNotPermittedException}). For the sync-health sampler,
	 * so the breaker reflects the database even while no records flow.
	 */
	public <T> T readThroughBreaker(java.util.function.Supplier<T> read) {
		return this.circuit.probe(read);
	}

	/** True when the replica circuit breaker is open (ingestion paused by it). */
	public boolean circuitOpen() {
		CircuitBreaker.State state = this.circuit.state();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * True while the replica database is known to be away: the breaker is open, or
	 * half-open with the probe that decides still out. Whatever would only wait for the
	 * database (sign-in's reads, routes that need it) answers at once instead.
	 */
	public boolean replicaKnownAway() {
		return circuitOpen() || this.circuit.state() == CircuitBreaker.State.HALF_OPEN;
	}

	/** Runs {@code action} after every state change of the replica breaker. */
	public void onCircuitChange(Runnable action) {
		this.circuit.onStateChange(action);
	}

	/**
	 * @param listenerId the listener container's id
	 * @param running whether the container is started
	 * @param paused whether consumption is paused
	 * @param circuit the replica circuit breaker's state (CLOSED, OPEN, HALF_OPEN …)
	 */
	public record Snapshot(String listenerId, boolean running, boolean paused, String circuit) {

		/** Whether the breaker was open (ingestion paused by it) when this was taken. */
		@JsonIgnore
		public boolean circuitOpen() {
			return "OPEN".equals(this.circuit) || "FORCED_OPEN".equals(this.circuit);
		}

	}

}
