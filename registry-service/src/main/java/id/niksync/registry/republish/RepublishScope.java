package id.niksync.registry.republish;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
		if (request.aboveVersions() != null && request.niks() == null) {
			violations.add(new FieldViolation("aboveVersions", "REPUBLISH_TARGET_INVALID",
					"aboveVersions goes with niks, never with regionPrefix"));
			return null;
		}
		if (request.regionPrefix() != null) {
			List<FieldViolation> invalid = RegionPrefix.check(request.regionPrefix());
			violations.addAll(invalid);
			return invalid.isEmpty() ? new Region(request.regionPrefix()) : null;
		}
		return Listed.of(request.niks(), (request.aboveVersions() != null) ? request.aboveVersions() : Map.of(),
				maxNiks, violations);
	}

	record Region(String prefix) implements RepublishScope {

	}

	/**
	 * Distinct NIKs in NIK order, the order a job walks them in, and for some of them the
	 * version to republish above.
	 */
	record Listed(List<String> niks, Map<String, Long> aboveVersions) implements RepublishScope {

		Listed(List<String> niks) {
			this(niks, Map.of());
		}

		private static Listed of(List<String> niks, Map<String, Long> above, int maxNiks,
				List<FieldViolation> violations) {
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
			Set<String> listed = new HashSet<>(niks);
			above.forEach((nik, version) -> {
				String field = "aboveVersions[" + nik + "]";
				if (!listed.contains(nik)) {
					invalid.add(new FieldViolation(field, "NOT_LISTED", "every NIK of aboveVersions must be in niks"));
				}
				else if (version == null || version < 1 || version > RepublishRequest.MAX_ABOVE_VERSION) {
					// the republished version is one above, and later changes count on
					// from it: they must stay within MAX_VERSION
					invalid.add(new FieldViolation(field, "FIELD_RANGE",
							"a version between 1 and " + RepublishRequest.MAX_ABOVE_VERSION));
				}
			});
			violations.addAll(invalid);
			return invalid.isEmpty() ? new Listed(List.copyOf(new TreeSet<>(niks)), Map.copyOf(above)) : null;
		}

	}

}
