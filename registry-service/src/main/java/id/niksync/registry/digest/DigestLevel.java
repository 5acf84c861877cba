package id.niksync.registry.digest;

/** The bucket hierarchy: "" → province (2) → regency (4) → district (6) → NIK (16). */
final class DigestLevel {

	private DigestLevel() {
	}

	static int childLength(String prefix) {
		return switch (prefix.length()) {
			case 0 -> 2;
			case 2 -> 4;
			case 4 -> 6;
			case 6 -> 16;
			default -> throw new IllegalArgumentException("prefix must have 0, 2, 4 or 6 digits");
		};
	}

	static boolean isValid(String prefix) {
		return prefix != null && prefix.chars().allMatch((c) -> c >= '0' && c <= '9')
				&& (prefix.isEmpty() || prefix.length() == 2 || prefix.length() == 4 || prefix.length() == 6);
	}

}
