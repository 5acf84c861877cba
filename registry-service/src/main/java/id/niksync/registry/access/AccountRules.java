package id.niksync.registry.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import id.niksync.access.PasswordPolicy;
import id.niksync.registry.republish.RegionPrefix;
import id.niksync.registry.system.Problems;

/**
 * What makes an account valid: a username, a password the policy accepts, roles, and
 * regions where a role needs them.
 */
final class AccountRules {

	private AccountRules() {
	}

	/**
	 * @return every rule the account breaks, as problem-details violations
	 */
	static List<Map<String, String>> check(PasswordPolicy policy, String username, String password,
			Set<RegistryRole> roles, List<String> regions) {
		List<Map<String, String>> violations = new ArrayList<>();
		// Lower case only: "Demo-Admin" beside "demo-admin" would be two accounts that
		// read as one in the audit.
		if (username == null || !username.matches("[a-z0-9._@-]{3,100}")) {
			violations.add(Problems.violation("username", "USERNAME_INVALID",
					"3 to 100 lower-case letters, digits or . _ @ -"));
		}
		violations.addAll(password(policy, username, password));
		violations.addAll(access(roles, regions));
		return violations;
	}

	static List<Map<String, String>> password(PasswordPolicy policy, String username, String password) {
		return password(policy, username, password, "password");
	}

	/** {@code field}: the body's field the password came in. */
	static List<Map<String, String>> password(PasswordPolicy policy, String username, String password, String field) {
		if (password == null) {
			// named as left out, not as too short (attack run 2026-12-06)
			return List.of(Problems.violation(field, "FIELD_REQUIRED", "a password"));
		}
		return policy.check(username, password)
			.stream()
			.map((v) -> Problems.violation(field, v.code().name(), v.message()))
			.toList();
	}

	static List<Map<String, String>> access(Set<RegistryRole> roles, List<String> regions) {
		List<Map<String, String>> violations = new ArrayList<>();
		if (roles == null || roles.isEmpty()) {
			violations.add(Problems.violation("roles", "FIELD_REQUIRED", "at least one role"));
			return violations;
		}
		// [null] reads as a set holding null (a 500 once, attack run 2026-12-05)
		if (roles.stream().anyMatch(Objects::isNull)) {
			violations.add(Problems.violation("roles", "FIELD_REQUIRED", "every role named, none null"));
			return violations;
		}
		List<String> given = (regions != null) ? regions : List.of();
		boolean regional = roles.contains(RegistryRole.REGISTRAR) || roles.contains(RegistryRole.SUPERVISOR);
		if (regional && given.isEmpty()) {
			violations.add(Problems.violation("regions", "FIELD_REQUIRED",
					"a REGISTRAR or SUPERVISOR needs the regions it acts on"));
		}
		// what registry_account.regions holds (VARCHAR(500)); more was a 500. Checked
		// first: the rules below then read at most a few hundred regions.
		if (given.stream().mapToInt((region) -> (region != null) ? region.length() + 1 : 1).sum() - 1 > 500) {
			violations.add(Problems.violation("regions", "FIELD_LENGTH",
					"at most 500 characters, commas included (71 districts): give their regency or province instead"));
			return violations;
		}
		boolean wellFormed = true;
		for (String region : given) {
			// by a NIK's rules: ["99"] and ["3500"] made accounts that could never act
			// (attack run 2026-12-06)
			if (!RegionPrefix.possible(region)) {
				violations.add(Problems.violation("regions", "REGION_PREFIX_INVALID",
						"a region is a 2, 4 or 6 digit NIK prefix (province, regency, district) that a NIK can have:"
								+ " a known province, no regency or district 00"));
				wellFormed = false;
			}
		}
		Set<String> distinct = new HashSet<>(given);
		// ["3511","3511"] was stored as given, and shown so (attack run 2026-12-05)
		if (distinct.size() < given.size()) {
			violations.add(Problems.violation("regions", "FIELD_INVALID", "each region once"));
		}
		// ["35","3511"]: the regency adds nothing its province does not give, and was
		// stored and shown as if it did (attack run 2026-12-06)
		else if (wellFormed && given.stream()
			.anyMatch((region) -> (region.length() > 2 && distinct.contains(region.substring(0, 2)))
					|| (region.length() > 4 && distinct.contains(region.substring(0, 4))))) {
			violations.add(Problems.violation("regions", "FIELD_INVALID",
					"a region inside another region given adds nothing: give the larger one only"));
		}
		return violations;
	}

}
