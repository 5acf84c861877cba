package id.niksync.sync.partner;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Lookup settings that could never admit a lookup, or not as documented, are refused at
 * start-up.
 */
class LookupSettingsTests {

	@Test
	void noTurnsAtAllIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> lookup(0, Duration.ofSeconds(3), 10, Duration.ofSeconds(2)))
			.withMessageContaining("niksync.partner.lookup.concurrency");
	}

	@Test
	void aNegativeTurnWaitIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> lookup(4, Duration.ofMillis(-1), 10, Duration.ofSeconds(2)))
			.withMessageContaining("niksync.partner.lookup.turn-wait");
	}

	@Test
	void oneTurnWithoutWaitingIsAllowed() {
		assertThat(lookup(1, Duration.ZERO, 1, Duration.ofSeconds(1)).concurrency()).isEqualTo(1);
	}

	@Test
	void fewerReadsThanTurnsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> lookup(4, Duration.ZERO, 3, Duration.ofSeconds(2)))
			.withMessageContaining("niksync.partner.lookup.max-reads");
	}

	@Test
	void aReadTimeoutJdbcCannotSetIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> lookup(4, Duration.ZERO, 10, Duration.ofMillis(500)))
			.withMessageContaining("niksync.partner.lookup.read-timeout");
		assertThatIllegalArgumentException().isThrownBy(() -> lookup(4, Duration.ZERO, 10, Duration.ofMillis(1500)))
			.withMessageContaining("whole seconds");
	}

	private static PartnerProperties.Lookup lookup(int concurrency, Duration turnWait, int maxReads,
			Duration readTimeout) {
		return new PartnerProperties.Lookup(concurrency, turnWait, maxReads, readTimeout, 32);
	}

}
