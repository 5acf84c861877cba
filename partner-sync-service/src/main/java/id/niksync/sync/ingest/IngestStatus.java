package id.niksync.sync.ingest;

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

	IngestStatus(KafkaListenerEndpointRegistry containers, ReplicaCircuit circuit, MeterRegistry meters) {
		this.containers = containers;
		this.circuit = circuit;
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
	 * @param listenerId the listener container's id
	 * @param running whether the container is started
	 * @param paused whether consumption is paused
	 * @param circuit the replica circuit breaker's state (CLOSED, OPEN, HALF_OPEN …)
	 */
	public record Snapshot(String listenerId, boolean running, boolean paused, String circuit) {
	}

}
