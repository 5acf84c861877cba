package id.niksync.sync.partner;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Lookup turns that could never admit a lookup are refused at start-up. */
class LookupSettingsTests {

	@Test
	void noTurnsAtAllIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PartnerProperties.Lookup(0, Duration.ofSeconds(3)))
			.withMessageContaining("niksync.partner.lookup.concurrency");
	}

	@Test
	void aNegativeTurnWaitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PartnerProperties.Lookup(4, Duration.ofMillis(-1)))
			.withMessageContaining("niksync.partner.lookup.turn-wait");
	}

	@Test
	void oneTurnWithoutWaitingIsAllowed() {
		assertThat(new PartnerProperties.Lookup(1, Duration.ZERO).concurrency()).isEqualTo(1);
	}

}
