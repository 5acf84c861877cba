package id.niksync.access;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTests {

	@Test
	void keepsAnAddressWholeUpToAHundredCharacters() {
		assertThat(ClientAddresses.forRecord(null)).isNull();
		assertThat(ClientAddresses.forRecord("127.0.0.1")).isEqualTo("127.0.0.1");
		String hundred = "fe80::1%" + "e".repeat(92);
		assertThat(ClientAddresses.forRecord(hundred)).isEqualTo(hundred);
	}

	@Test
	void cutsALongerOneAtAHundredCharacters() {
		String forwarded = "2001:db8::1%" + "x".repeat(140);

		assertThat(ClientAddresses.forRecord(forwarded)).isEqualTo(forwarded.substring(0, 100));
		assertThat(new SignInAttempt(Instant.EPOCH, "ani", SignInOutcome.FAILURE, forwarded).clientAddress())
			.hasSize(100);
	}

}
