package id.niksync.sync.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnauthenticatedRequestLimitsTests {

	private final AtomicLong now = new AtomicLong();

	private final UnauthenticatedRequestLimits limits = new UnauthenticatedRequestLimits(
			new AccessProperties.UnauthenticatedLimit(2, 3, 100), this.now::get);

	@Test
	void allowsTheBurstThenTheRateAndSaysHowLongToWait() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limits.acquire("192.0.2.1")).isEmpty();
		}
		assertThat(this.limits.acquire("192.0.2.1")).contains(Duration.ofMillis(500));

		this.now.addAndGet(Duration.ofMillis(500).toNanos());

		assertThat(this.limits.acquire("192.0.2.1")).isEmpty();
		assertThat(this.limits.acquire("192.0.2.1")).isPresent();
	}

	@Test
	void limitsEachAddressOnItsOwn() {
		for (int i = 0; i < 3; i++) {
			this.limits.acquire("192.0.2.1");
		}

		assertThat(this.limits.acquire("192.0.2.1")).isPresent();
		assertThat(this.limits.acquire("192.0.2.2")).isEmpty();
	}

	@Test
	void countsAnIpv6SlashSixtyFourAsOneClient() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limits.acquire("2001:db8:0:1:0:0:0:" + (i + 1))).isEmpty();
		}

		assertThat(this.limits.acquire("2001:db8:0:1:ffff:0:0:9")).isPresent();
		assertThat(this.limits.acquire("2001:db8:0:2:0:0:0:1")).isEmpty();
	}

	@Test
	void remembersABoundedNumberOfAddresses() {
		for (int i = 0; i < 1000; i++) {
			this.limits.acquire("10.0." + (i / 256) + "." + (i % 256));
		}

		assertThat(this.limits.trackedAddresses()).isEqualTo(100);
	}

}
