package id.niksync.identity;

/**
 * Which identifier a shared rule is checking, so that NIK and KK number violations get
 * their own codes ({@code NIK_…}, {@code KK_…}) and messages from the same rule.
 */
enum IdentifierKind {

	NIK("NIK", "NIK"), KK("KK", "KK number");

	private final String codePrefix;

	private final String displayName;

	IdentifierKind(String codePrefix, String displayName) {
		this.codePrefix = codePrefix;
		this.displayName = displayName;
	}

	Violation violation(String codeSuffix, String messageAfterName) {
		return new Violation(this.codePrefix + "_" + codeSuffix, this.displayName + " " + messageAfterName);
	}

}
