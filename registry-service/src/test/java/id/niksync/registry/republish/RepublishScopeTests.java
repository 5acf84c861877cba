package id.niksync.registry.republish;

import java.util.ArrayList;
import java.util.List;

import id.niksync.registry.resident.FieldViolation;
import id.niksync.schemas.registry.RepublishRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepublishScopeTests {

	private final List<FieldViolation> violations = new ArrayList<>();

	@Test
	void takesARegion() {
		assertThat(scope(new RepublishRequest("3511", null, null))).isEqualTo(new RepublishScope.Region("3511"));
		assertThat(this.violations).isEmpty();
	}

	@Test
	void takesDistinctNiksInNikOrder() {
		RepublishScope scope = scope(
				new RepublishRequest(null, List.of("3511014506900002", "3511014506900001", "3511014506900002"), null));
		assertThat(scope).isEqualTo(new RepublishScope.Listed(List.of("3511014506900001", "3511014506900002")));
	}

	@Test
	void wantsExactlyOneTarget() {
		assertThat(scope(new RepublishRequest(null, null, null))).isNull();
		assertThat(scope(new RepublishRequest("3511", List.of("3511014506900001"), null))).isNull();
		assertThat(this.violations).extracting(FieldViolation::code)
			.containsExactly("REPUBLISH_TARGET_INVALID", "REPUBLISH_TARGET_INVALID");
	}

	@Test
	void namesEveryMalformedNikByItsPosition() {
		assertThat(scope(new RepublishRequest(null, List.of("3511014506900001", "3511014506900000", "12"), null)))
			.isNull();
		assertThat(this.violations).extracting((v) -> v.field() + ":" + v.code())
			.containsExactly("niks[1]:NIK_SERIAL_ZERO", "niks[2]:NIK_LENGTH");
	}

	@Test
	void boundsTheListSize() {
		assertThat(scope(new RepublishRequest(null, List.of(), null))).isNull();
		assertThat(scope(new RepublishRequest(null,
				List.of("3511014506900001", "3511014506900002", "3511014506900003", "3511014506900004"), null)))
			.isNull();
		assertThat(this.violations).extracting(FieldViolation::code).containsExactly("FIELD_REQUIRED", "FIELD_LENGTH");
	}

	private RepublishScope scope(RepublishRequest request) {
		return RepublishScope.of(request, 3, this.violations);
	}

}
