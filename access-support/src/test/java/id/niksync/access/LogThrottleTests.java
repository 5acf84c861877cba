package id.niksync.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogThrottleTests {

	private final AtomicLong nanos = new AtomicLong(123_456_789L);

	private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(1), this.nanos::get);

	@Test
	void writesTheFirstLineThenAtMostOneAnIntervalWithTheCountLeftOut() {
		assertThat(this.throttle.admit()).isZero();
		assertThat(this.throttle.admit()).isEqualTo(LogThrottle.LEAVE_OUT);
		this.nanos.addAndGet(Duration.ofMillis(999).toNanos());
		assertThat(this.throttle.admit()).isEqualTo(LogThrottle.LEAVE_OUT);

		this.nanos.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.throttle.admit()).isEqualTo(2);
		assertThat(this.throttle.admit()).isEqualTo(LogThrottle.LEAVE_OUT);

		this.nanos.addAndGet(Duration.ofMinutes(5).toNanos());
		assertThat(this.throttle.admit()).isEqualTo(1);
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.throttle.admit()).isZero();
	}

	@Test
	void aClockPastTheSignOfItsNanosecondsStillCounts() {
		this.nanos.set(Long.MAX_VALUE - 10);
		assertThat(this.throttle.admit()).isZero();
		this.nanos.addAndGet(20);
		assertThat(this.throttle.admit()).isEqualTo(LogThrottle.LEAVE_OUT);
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.throttle.admit()).isEqualTo(1);
	}

}
