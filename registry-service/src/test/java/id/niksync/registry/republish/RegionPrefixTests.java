package id.niksync.registry.republish;

import id.niksync.registry.resident.FieldViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RegionPrefixTests {

	@ParameterizedTest
	@ValueSource(strings = { "35", "3511", "351101", "11", "9601" })
	void acceptsAProvinceRegencyOrDistrict(String prefix) {
		assertThat(RegionPrefix.check(prefix)).isEmpty();
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "3", "351", "35110", "3511010", "35110a", " 3511", "3511014506900001" })
	void refusesAnythingButTwoFourOrSixDigits(String prefix) {
		assertThat(RegionPrefix.check(prefix)).extracting(FieldViolation::code)
			.containsExactly("REGION_PREFIX_INVALID");
	}

	@Test
	void appliesTheNikRegionRules() {
		assertThat(RegionPrefix.check("99")).extracting(FieldViolation::code)
			.containsExactly("REGION_PREFIX_PROVINCE_UNKNOWN");
		assertThat(RegionPrefix.check("3500")).extracting(FieldViolation::code)
			.containsExactly("REGION_PREFIX_REGENCY_ZERO");
		assertThat(RegionPrefix.check("351100")).extracting(FieldViolation::code)
			.containsExactly("REGION_PREFIX_DISTRICT_ZERO");
		assertThat(RegionPrefix.check("990000")).extracting(FieldViolation::code)
			.containsExactly("REGION_PREFIX_PROVINCE_UNKNOWN", "REGION_PREFIX_REGENCY_ZERO",
					"REGION_PREFIX_DISTRICT_ZERO");
	}

	@Test
	void speaksOfTheRegionPrefixInItsMessages() {
		FieldViolation violation = RegionPrefix.check("3500").get(0);
		assertThat(violation.field()).isEqualTo("regionPrefix");
		assertThat(violation.message()).startsWith("region prefix ");
	}

}
