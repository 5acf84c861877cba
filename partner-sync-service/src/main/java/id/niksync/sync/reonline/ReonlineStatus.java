package id.niksync.sync.reonline;

/** Where a partner's re-online request stands. */
public enum ReonlineStatus {

	/** Asked; the replica does not hold the re-onlined version yet. */
	PENDING,

	/** The replica holds the re-onlined version (or a newer one). */
	ONLINE,

	/**
	 * The registry refused: a wrong family-card number and an unknown NIK alike
	 * ({@code KK_MISMATCH_OR_UNKNOWN}), or too many refusals for the NIK recently.
	 */
	REJECTED,

	/** Not online, for a reason an operator can act on (in {@code reason}). */
	FAILED

}
