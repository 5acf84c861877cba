package id.niksync.sync.partner;

import java.time.Duration;

import id.niksync.sync.partner.InstitutionPermits.Ask;
import id.niksync.sync.partner.InstitutionPermits.Decision;
import id.niksync.sync.partner.InstitutionPermits.Decision.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InstitutionPermitsTests {

	private static final long MS = Duration.ofMillis(1).toNanos();

	private static final PartnerProperties.RateLimit SETTINGS = new PartnerProperties.RateLimit(Duration.ofMillis(100),
			Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5));

	private final InstitutionPermits permits = new InstitutionPermits(SETTINGS);

	@Test
	void leasesATenthOfTheRateAtLeastOneAndNeverMoreThanTheRate() {
		assertThat(this.permits.blockOf(1)).isEqualTo(1);
		assertThat(this.permits.blockOf(9)).isEqualTo(1);
		assertThat(this.permits.blockOf(50)).isEqualTo(5);
		assertThat(this.permits.blockOf(101)).isEqualTo(11);
		assertThat(this.permits.blockOf(10_000)).isEqualTo(1000);
		assertThat(new InstitutionPermits(new PartnerProperties.RateLimit(Duration.ofSeconds(2), Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofSeconds(5)))
			.blockOf(50)).isEqualTo(50);
	}

	@Test
	void spendsALeaseWithoutAskingAgainUntilItIsUsedUp() {
		assertThat(this.permits.decide(1, 50, 0).outcome()).isEqualTo(Outcome.LEASE_NEEDED);
		Ask ask = this.permits.ask(1, 50, 0);
		assertThat(ask).isEqualTo(new Ask(0, 1, 5, 0));
		this.permits.leased(ask, new RateBuckets.Lease(5, 45), 2 * MS);

		for (int i = 0; i < 5; i++) {
			assertThat(this.permits.decide(1, 50, 3 * MS)).isEqualTo(Decision.ADMITTED);
		}
		assertThat(this.permits.decide(1, 50, 3 * MS).outcome()).isEqualTo(Outcome.LEASE_NEEDED);
	}

	@Test
	void givesBackWhatALeaseHasLeftOnceItExpiresOrIsTooFew() {
		Ask first = this.permits.ask(1, 50, 0);
		this.permits.leased(first, new RateBuckets.Lease(5, 45), MS);
		this.permits.decide(1, 50, 10 * MS);

		// expired: counted from when it was asked for, not from the answer
		assertThat(this.permits.decide(1, 50, 1000 * MS).outcome()).isEqualTo(Outcome.LEASE_NEEDED);
		assertThat(this.permits.ask(1, 50, 1000 * MS)).isEqualTo(new Ask(4, 1, 5, 1000 * MS));

		this.permits.leased(new Ask(0, 1, 5, 1000 * MS), new RateBuckets.Lease(5, 0), 1001 * MS);
		// a batch of 8 needs more than the 5 held: they go back, 8 are asked for whole
		assertThat(this.permits.decide(8, 50, 1002 * MS).outcome()).isEqualTo(Outcome.LEASE_NEEDED);
		assertThat(this.permits.ask(8, 50, 1002 * MS)).isEqualTo(new Ask(5, 8, 8, 1002 * MS));
	}

	@Test
	void afterARefusalAsksAgainOnlyOnceABlockCouldHaveRefilled() {
		Ask ask = this.permits.ask(1, 50, 0);
		this.permits.leased(ask, new RateBuckets.Lease(0, 0.5), 0);

		// 4.5 tokens short of a block of 5 at 50/s: 90 ms
		Decision refused = this.permits.decide(1, 50, 0);
		assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(millis(refused.retryAfter())).isCloseTo(90, within(0.01));
		assertThat(millis(this.permits.decide(1, 50, 50 * MS).retryAfter())).isCloseTo(40, within(0.01));
		// a batch waits for its whole size
		assertThat(millis(this.permits.decide(20, 50, 90 * MS).retryAfter())).isCloseTo(300, within(0.01));
		assertThat(this.permits.decide(1, 50, 91 * MS).outcome()).isEqualTo(Outcome.LEASE_NEEDED);
	}

	@Test
	void whileTheDatabaseIsAwayLimitsToTheRateOnItsOwnThenAsksAgain() {
		assertThat(this.permits.databaseAway(50, 0)).isTrue();
		assertThat(this.permits.databaseAway(50, MS)).as("already on its own").isFalse();

		for (int i = 0; i < 50; i++) {
			assertThat(this.permits.decide(1, 50, MS)).isEqualTo(Decision.ADMITTED);
		}
		Decision refused = this.permits.decide(1, 50, MS);
		assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(millis(refused.retryAfter())).isCloseTo(20, within(0.01));
		assertThat(this.permits.decide(1, 50, 21 * MS)).isEqualTo(Decision.ADMITTED);
		assertThat(this.permits.usesLocalBucket(5000 * MS)).isTrue();

		assertThat(this.permits.usesLocalBucket(5001 * MS)).isFalse();
		assertThat(this.permits.decide(1, 50, 5001 * MS).outcome()).isEqualTo(Outcome.LEASE_NEEDED);
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / (double) MS;
	}

}
