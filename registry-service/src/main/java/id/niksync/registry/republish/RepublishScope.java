package id.niksync.registry.republish;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import id.niksync.identity.Nik;
import id.niksync.registry.resident.FieldViolation;
import id.niksync.schemas.registry.RepublishRequest;

/** Which residents a job republishes: a whole region, or the NIKs an operator listed. */
sealed interface RepublishScope {

	/**
	 * Validates a request, adding to {@code violations} every rule it breaks.
	 * @return the scope, or {@code null} when the request is invalid
	 */
	static RepublishScope of(RepublishRequest request, int maxNiks, List<FieldViolation> violations) {
		if ((request.regionPrefix() == null) == (request.niks() == null)) {
			violations.add(new FieldViolation("regionPrefix", "REPUBLISH_TARGET_INVALID",
					"give exactly one of regionPrefix and niks"));
			return null;
		}
		if (request.regionPrefix() != null) {
			List<FieldViolation> invalid = RegionPrefix.check(request.regionPrefix());
			violations.addAll(invalid);
			return invalid.isEmpty() ? new Region(request.regionPrefix()) : null;
		}
		return Listed.of(request.niks(), maxNiks, violations);
	}

	record Region(String prefix) implements RepublishScope {

	}

	/** Distinct NIKs in NIK order, the order a job walks them in. */
	record Listed(List<String> niks) implements RepublishScope {

		private static Listed of(List<String> niks, int maxNiks, List<FieldViolation> violations) {
			if (niks.isEmpty() || niks.size() > maxNiks) {
				violations.add(new FieldViolation("niks", niks.isEmpty() ? "FIELD_REQUIRED" : "FIELD_LENGTH",
						"list between 1 and " + maxNiks + " NIKs"));
				return null;
			}
			List<FieldViolation> invalid = new ArrayList<>();
			for (int i = 0; i < niks.size(); i++) {
				String field = "niks[" + i + "]";
				Nik.parse(niks.get(i))
					.violations()
					.forEach((v) -> invalid.add(new FieldViolation(field, v.code(), v.message())));
			}
			violations.addAll(invalid);
			return invalid.isEmpty() ? new Listed(List.copyOf(new TreeSet<>(niks))) : null;
		}

	}

}
