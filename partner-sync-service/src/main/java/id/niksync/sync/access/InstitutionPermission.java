package id.niksync.sync.access;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an institution may do beyond looking up and verifying NIKs, granted per
 * institution by an administrator.
 */
public enum InstitutionPermission {

	/** Ask for a NIK to be re-onlined ({@code /partner/v1/reonline-requests}). */
	REONLINE;

	static Set<InstitutionPermission> parse(String stored) {
		Set<InstitutionPermission> permissions = EnumSet.noneOf(InstitutionPermission.class);
		if (stored != null && !stored.isBlank()) {
			Arrays.stream(stored.split(","))
				.map(String::strip)
				.map(InstitutionPermission::valueOf)
				.forEach(permissions::add);
		}
		return permissions;
	}

	static String store(Collection<InstitutionPermission> permissions) {
		return permissions.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
	}

}
