package id.niksync.sync.deadletter;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReasonTests {

	@Test
	void keepsTheCodesAlreadyOnTheWireAndInTheDatabase() {
		assertThat(Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::code)).containsExactlyInAnyOrder(
				"SIGNATURE_INVALID", "DESERIALIZATION", "UNKNOWN_SCHEMA", "INVALID_NIK", "INVALID_KK", "KEY_MISMATCH",
				"INVALID_EVENT", "CONSTRAINT_VIOLATION", "UNCLASSIFIED");
	}

	@Test
	void readsBackEveryCodeItWrites() {
		for (DeadLetterReason reason : DeadLetterReason.values()) {
			assertThat(DeadLetterReason.fromCode(reason.code())).isSameAs(reason);
		}
	}

	@Test
	void readsAMissingOrUnknownCodeAsUnclassifiedInsteadOfFailing() {
		assertThat(DeadLetterReason.fromCode(null)).isEqualTo(DeadLetterReason.UNCLASSIFIED);
		assertThat(DeadLetterReason.fromCode("")).isEqualTo(DeadLetterReason.UNCLASSIFIED);
		assertThat(DeadLetterReason.fromCode("A_REASON_OF_LATER")).isEqualTo(DeadLetterReason.UNCLASSIFIED);
		assertThat(DeadLetterReason.fromCode("invalid_nik")).isEqualTo(DeadLetterReason.UNCLASSIFIED);
	}

}
