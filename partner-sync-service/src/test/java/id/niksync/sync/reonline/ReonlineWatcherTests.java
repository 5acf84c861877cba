package id.niksync.sync.reonline;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

/**
 * The watcher runs the settlement's transaction only while a request is pending: it asks
 * five times a second, and nothing is pending most of the time.
 */
class ReonlineWatcherTests {

	private final ReonlineSettlement settlement = mock(ReonlineSettlement.class);

	private final ReonlineWatcher watcher = new ReonlineWatcher(this.settlement, mock(CallbackDispatcher.class),
			new ReonlineProperties(10, 3, Duration.ofHours(24), Duration.ofHours(24), Duration.ofMillis(10),
					Duration.ofMinutes(10), 8, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(5),
					Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(15), Set.of(443)));

	@Test
	void settlesOnlyWhileSomethingIsPending() {
		AtomicBoolean pending = new AtomicBoolean();
		given(this.settlement.anyPending()).willAnswer((invocation) -> pending.get());
		this.watcher.start();
		try {
			verify(this.settlement, timeout(2000).atLeast(5)).anyPending();
			verify(this.settlement, after(200).never()).settle();
			pending.set(true);
			verify(this.settlement, timeout(2000).atLeast(2)).settle();
		}
		finally {
			this.watcher.stop();
		}
	}

	@Test
	void aFailedLookKeepsTheWatcherGoing() {
		given(this.settlement.anyPending()).willThrow(new IllegalStateException("database away"))
			.willThrow(new IllegalStateException("database away"))
			.willReturn(true);
		this.watcher.start();
		try {
			verify(this.settlement, timeout(2000).atLeast(1)).settle();
		}
		finally {
			this.watcher.stop();
		}
	}

}
