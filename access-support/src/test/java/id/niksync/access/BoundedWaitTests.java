package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BoundedWaitTests {

	private final BoundedWait wait = new BoundedWait("test", Duration.ofMillis(200), 1);

	@Test
	void anAnswerInTimeIsPassedOn() {
		assertThat(this.wait.call(() -> "answer")).isEqualTo("answer");
	}

	@Test
	void aFailureIsPassedOnAsItIs() {
		IllegalArgumentException failure = new IllegalArgumentException("bad statement");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.wait.call(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	@Test
	void aHungCallIsAnOutageForTheCallerAndGoesOnByItself() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch finished = new CountDownLatch(1);
		assertThatExceptionOfType(BoundedWait.DatabaseTooSlowException.class).isThrownBy(() -> this.wait.run(() -> {
			await(release);
			finished.countDown();
		})).satisfies((ex) -> {
			assertThat(ex.callStarted()).isTrue();
			assertThat(DatabaseUnavailable.causedBy(ex)).isTrue();
		});
		// the only thread still waits: the next call is refused before it begins
		assertThatExceptionOfType(BoundedWait.DatabaseTooSlowException.class)
			.isThrownBy(() -> this.wait.call(() -> "never"))
			.satisfies((ex) -> assertThat(ex.callStarted()).isFalse());
		release.countDown();
		assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
