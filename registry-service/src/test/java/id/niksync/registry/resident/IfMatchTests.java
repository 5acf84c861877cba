package id.niksync.registry.resident;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IfMatchTests {

	@ParameterizedTest
	@ValueSource(strings = { "3", "\"3\"", "W/\"3\"", " \"3\" " })
	void readsTheVersion(String header) {
		assertThat(IfMatch.version(header)).isEqualTo(3L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "*" })
	void treatsAbsentOrAnyAsNoCheck(String header) {
		assertThat(IfMatch.version(header)).isNull();
		assertThat(IfMatch.version(null)).isNull();
	}

	@Test
	void refusesSomethingThatIsNotAVersion() {
		assertThatExceptionOfType(InvalidResidentException.class).isThrownBy(() -> IfMatch.version("\"abc\""))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(FieldViolation::code)
				.containsExactly("IF_MATCH_INVALID"));
	}

}
