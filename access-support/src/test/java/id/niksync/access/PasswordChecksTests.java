package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PasswordChecksTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	/** A check that takes until released, and tells how many ran at once. */
	private final PasswordEncoder slow = new PasswordEncoder() {

		@Override
		public String encode(CharSequence raw) {
			return "{slow}" + raw;
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			PasswordChecksTests.this.mostAtOnce.accumulateAndGet(PasswordChecksTests.this.running.incrementAndGet(),
					Math::max);
			try {
				PasswordChecksTests.this.release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				PasswordChecksTests.this.running.decrementAndGet();
			}
			return encoded.equals(encode(raw));
		}

	};

	@Test
	void runsAtMostSoManyChecksAtOnceAndTurnsAwayThoseThatWaitTooLong() throws Exception {
		PasswordChecks checks = new PasswordChecks(this.slow, 2, Duration.ofMillis(300));
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			Future<?>[] calls = new Future<?>[6];
			for (int i = 0; i < calls.length; i++) {
				calls[i] = threads.submit(() -> checks.matches("guess", "{slow}right"));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (checks.turnedAway() < 4 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}

			assertThat(checks.turnedAway()).as("turned away after waiting 300 ms").isEqualTo(4);
			assertThat(checks.running()).isEqualTo(2);
			this.release.countDown();
			int refused = 0;
			int busy = 0;
			for (Future<?> call : calls) {
				try {
					assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo(false);
					refused++;
				}
				catch (java.util.concurrent.ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(PasswordChecksBusyException.class);
					busy++;
				}
			}
			assertThat(refused).isEqualTo(2);
			assertThat(busy).isEqualTo(4);
			assertThat(this.mostAtOnce).hasValue(2);
			assertThat(checks.running()).isZero();
		}
		finally {
			this.release.countDown();
			threads.shutdownNow();
		}
	}

	@Test
	void turnsAwayAtOnceThoseBeyondTheMostWaiting() throws Exception {
		PasswordChecks checks = new PasswordChecks(this.slow, 1, Duration.ofSeconds(20));
		int sent = 1 + PasswordChecks.MAX_WAITING + 3;
		ExecutorService threads = Executors.newFixedThreadPool(sent);
		try {
			threads.submit(() -> checks.matches("guess", "{slow}right"));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (checks.running() < 1 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			for (int i = 1; i < sent; i++) {
				threads.submit(() -> checks.matches("guess", "{slow}right"));
			}
			while (checks.turnedAway() < 3 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}

			assertThat(checks.turnedAway()).as("one checked, the most waiting, the rest turned away at once")
				.isEqualTo(3);
			assertThat(checks.running()).isEqualTo(1);
		}
		finally {
			this.release.countDown();
			threads.shutdown();
			threads.awaitTermination(20, TimeUnit.SECONDS);
		}
		assertThat(checks.turnedAway()).as("those waiting got their turns").isEqualTo(3);
	}

	@Test
	void aTurnIsGivenBackAfterEachCheckWhateverItsAnswer() {
		this.release.countDown();
		PasswordChecks checks = new PasswordChecks(this.slow, 1, Duration.ZERO);

		for (int i = 0; i < 5; i++) {
			assertThat(checks.matches("right", "{slow}right")).isTrue();
			assertThat(checks.matches("wrong", "{slow}right")).isFalse();
		}
		assertThat(checks.turnedAway()).isZero();
		assertThat(checks.encode("x")).isEqualTo("{slow}x");
	}

	@Test
	void anInterruptedWaitIsTurnedAwayAndKeepsTheInterrupt() {
		PasswordChecks checks = new PasswordChecks(this.slow, 1, Duration.ofSeconds(5));
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(PasswordChecksBusyException.class)
				.isThrownBy(() -> checks.matches("right", "{slow}right"));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void refusesABoundBelowOneOrANegativeWait() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PasswordChecks(this.slow, 0, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new PasswordChecks(this.slow, 1, Duration.ofMillis(-1)));
	}

}
