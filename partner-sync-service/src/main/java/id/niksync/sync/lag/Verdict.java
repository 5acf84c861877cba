package id.niksync.sync.lag;

/**
 * The sync's health in one word, and why in words.
 *
 * @param status the verdict
 * @param reason what led to it, for an operator
 */
public record Verdict(Status status, String reason) {

	/** Worst last; {@code code} is what the {@code niksync_sync_verdict} gauge shows. */
	public enum Status {

		OK(0), WARN(1), STALLED(2), STOPPED(3), ERROR(4),
		/** Only until the first sample has been taken. */
		UNKNOWN(-1);

		private final int code;

		Status(int code) {
			this.code = code;
		}

		public int code() {
			return this.code;
		}

	}

}
