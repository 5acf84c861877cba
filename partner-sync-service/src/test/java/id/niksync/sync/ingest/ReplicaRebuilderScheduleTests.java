package id.niksync.sync.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.reconcile.ReplicaCompleteness;
import id.niksync.sync.replica.ReplicaLockWaits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The rebuilder's schedule against what it does not expect: its collaborators are mocks
 * (no broker: reading the topic's settings fails, as it may), the schedule is real.
 */
class ReplicaRebuilderScheduleTests {

	private final Rebuilds rebuilds = mock(Rebuilds.class);

	private final ReplicaRebuilder rebuilder = new ReplicaRebuilder(this.rebuilds, mock(ReplicaCircuit.class),
			mock(NikChangedCodec.class), mock(EventVerifier.class), mock(ReplicaCompleteness.class),
			mock(JdbcClient.class), mock(ReplicaLockWaits.class),
			new RebuildProperties(false, Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofMinutes(10)),
			mock(IngestProperties.class),
			new TopicProperties("nik-changes", "nik-changes-dlt", "nik-changes-replays", 6, (short) 1),
			mock(KafkaAdmin.class), mock(ConsumerFactory.class), Clock.systemUTC());

	@AfterEach
	void stop() {
		this.rebuilder.stop();
	}

	@Test
	void anErrorInOneCheckDoesNotEndTheChecking() {
		when(this.rebuilds.claim(anyString(), any())).thenThrow(new StackOverflowError()).thenReturn(Optional.empty());
		this.rebuilder.start();
		// before: the first check's Error cancelled the schedule; no rebuild,
		// asked for or left running, was taken up here again
		verify(this.rebuilds, timeout(5_000).atLeast(3)).claim(anyString(), any());
	}

}
