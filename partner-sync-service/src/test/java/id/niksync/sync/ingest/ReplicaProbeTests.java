package id.niksync.sync.ingest;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The probe's schedule against what it does not expect: the breaker and the database are
 * mocks, the schedule is real.
 */
class ReplicaProbeTests {

	private final ReplicaCircuit circuit = mock(ReplicaCircuit.class);

	private final ReplicaProbe probe = new ReplicaProbe(this.circuit, mock(JdbcClient.class),
			new ProbeProperties(Duration.ofMillis(50), Duration.ofMillis(1500)));

	@AfterEach
	void stop() {
		this.probe.stop();
	}

	@Test
	void anErrorInOneProbeDoesNotEndTheProbing() {
		when(this.circuit.state()).thenReturn(CircuitBreaker.State.CLOSED);
		when(this.circuit.probe(any())).thenThrow(new StackOverflowError()).thenReturn(1);
		this.probe.start();
		// before: the first probe's Error cancelled the schedule, so an outage without
		// records flowing never opened the breaker (nor did a working probe close it)
		verify(this.circuit, timeout(5_000).atLeast(3)).probe(any());
	}

}
