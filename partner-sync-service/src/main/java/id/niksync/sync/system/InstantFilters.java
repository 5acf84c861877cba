package id.niksync.sync.system;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code from} and {@code to} of operators' filters: years 1 to 9999. PostgreSQL's
 * {@code timestamptz} cannot hold every instant Java reads
 * ({@code -5000-01-01T00:00:00Z}, {@code +300000-01-01T00:00:00Z}), and such a filter
 * failed in the database as {@code 500 INTERNAL_ERROR}; it is refused before, as any
 * other bad parameter.
 */
public final class InstantFilters {

	static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private InstantFilters() {
	}

	/**
	 * @throws CodedProblemException {@code 400 VALIDATION_FAILED}, a {@code FIELD_RANGE}
	 * violation for each of them outside years 1 to 9999
	 */
	public static void check(Instant from, Instant to) {
		List<Map<String, String>> violations = new ArrayList<>();
		add(violations, "from", from);
		add(violations, "to", to);
		if (!violations.isEmpty()) {
			throw new CodedProblemException(Problems.validationFailed(violations), null);
		}
	}

	private static void add(List<Map<String, String>> violations, String field, Instant value) {
		if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
			violations.add(Problems.violation(field, "FIELD_RANGE",
					"must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z"));
		}
	}

}
