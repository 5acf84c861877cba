package id.niksync.registry.resident;

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

	/** A version in another notation too: Long.parseLong read "+3" and "03" as 3. */
	@ParameterizedTest
	@ValueSource(strings = { "\"abc\"", "\"+3\"", "\"03\"", "\"-1\"", "\"3 \"", "\"99999999999999999999\"" })
	void refusesSomethingThatIsNotAVersion(String header) {
		assertThatExceptionOfType(InvalidResidentException.class).isThrownBy(() -> IfMatch.version(header))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(FieldViolation::code)
				.containsExactly("IF_MATCH_INVALID"));
	}

}
