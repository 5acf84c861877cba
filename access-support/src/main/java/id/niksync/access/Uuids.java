package id.niksync.access;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A UUID an id in a path or parameter names: 8-4-4-4-12 hexadecimal digits, as
 * {@code UUID.toString()} writes it (in either case, as RFC 4122 reads one).
 * {@code UUID.fromString} alone also reads groups of fewer digits ({@code 0-0-0-0-1} is
 * {@code 00000000-0000-0000-0000-000000000001}) and a sign, so one id had several
 * spellings (code review, 2026-12-06).
 */
public final class Uuids {

	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private Uuids() {
	}

	/** Whether {@code text} is a UUID in its one spelling. */
	public static boolean canonical(String text) {
		return text != null && CANONICAL.matcher(text).matches();
	}

	/** The UUID {@code text} is the one spelling of; none for anything else. */
	public static Optional<UUID> parse(String text) {
		return canonical(text) ? Optional.of(UUID.fromString(text)) : Optional.empty();
	}

}
