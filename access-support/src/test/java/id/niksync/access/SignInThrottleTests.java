package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTests {

	private final AtomicLong now = new AtomicLong();

	private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofSeconds(2), this.now::get);

	@Test
	void letsAnAddressFailItsBurstThenOneMorePerRefill() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.take("10.0.0.1")).isZero();
		}

		assertThat(this.throttle.take("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.throttle.take("10.0.0.2")).as("another address").isZero();

		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(this.throttle.take("10.0.0.1")).isZero();
		assertThat(this.throttle.take("10.0.0.1")).isPositive();
	}

	@Test
	void signInsInFlightHoldTheirRefusalsUntilGivenBack() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.take("10.0.0.1")).as("checking " + (i + 1)).isZero();
		}
		assertThat(this.throttle.take("10.0.0.1")).as("a fourth at once, none refused yet").isPositive();

		this.throttle.giveBack("10.0.0.1");
		assertThat(this.throttle.take("10.0.0.1")).as("one of them signed in").isZero();
	}

	@Test
	void aRefusalThatTookNothingAheadCountsAndGivingBackNeverGoesBeyondTheBurst() {
		assertThat(this.throttle.take("10.0.0.1")).isZero();
		for (int i = 0; i < 5; i++) {
			this.throttle.giveBack("10.0.0.1");
		}
		for (int i = 0; i < 2; i++) {
			this.throttle.refused("10.0.0.1");
		}
		assertThat(this.throttle.take("10.0.0.1")).isZero();
		assertThat(this.throttle.take("10.0.0.1")).isPositive();
	}

	@Test
	void neverThrottlesAnUnknownAddress() {
		for (int i = 0; i < 10; i++) {
			this.throttle.refused(null);
			this.throttle.take(null);
		}
		assertThat(this.throttle.take(null)).isZero();
	}

}
