package id.niksync.sync.ingest;

import java.time.Duration;
import java.util.List;

import id.niksync.sync.replica.ApplyResult;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.sync.system.UnexpectedError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The replica breaker, configured as in application.yml (one call in half-open), against
 * an {@link Error} from the call it lets through. The writer is a mock; the breaker is
 * resilience4j's.
 */
class ReplicaCircuitTests {

	private final ReplicaWriter writer = mock(ReplicaWriter.class);

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
		.permittedNumberOfCallsInHalfOpenState(1)
		.waitDurationInOpenState(Duration.ofSeconds(5))
		.recordException(FailureClassifier::isOutage)
		.build());

	private final ReplicaCircuit circuit = new ReplicaCircuit(this.writer, this.breakers,
			mock(KafkaListenerEndpointRegistry.class));

	@Test
	void anErrorFromTheHalfOpenTrialGivesItsPermissionBack() {
		halfOpen();
		when(this.writer.apply(any())).thenThrow(new StackOverflowError()).thenReturn(new ApplyResult(1, 0));

		assertThatExceptionOfType(UnexpectedError.class).isThrownBy(() -> this.circuit.apply(List.of()))
			.withCauseInstanceOf(StackOverflowError.class);
		// before: the Error kept the one permission of half-open, and every
		// later call was refused (CallNotPermittedException) until a restart
		assertThatNoException().isThrownBy(() -> this.circuit.apply(List.of()));
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void anErrorFromAProbeInHalfOpenGivesItsPermissionBack() {
		halfOpen();

		assertThatExceptionOfType(UnexpectedError.class).isThrownBy(() -> this.circuit.probe(() -> {
			throw new StackOverflowError();
		}));
		assertThat(this.circuit.probe(() -> 1)).isEqualTo(1);
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void anErrorThatWouldMeetEveryCallCountsAsAFailure() {
		halfOpen();
		when(this.writer.apply(any())).thenThrow(new NoClassDefFoundError("a class that failed to load"));

		assertThatExceptionOfType(UnexpectedError.class).isThrownBy(() -> this.circuit.apply(List.of()));
		assertThat(this.circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatExceptionOfType(CallNotPermittedException.class).isThrownBy(() -> this.circuit.apply(List.of()));
	}

	private void halfOpen() {
		CircuitBreaker breaker = this.breakers.circuitBreaker(ReplicaCircuit.NAME);
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
	}

}
