package id.niksync.sync.lag;

/**
 * The sync's health in one word, which rule led to it, and why in words.
 *
 * @param status the verdict
 * @param code the rule that gave it, stable for scripts and alerts (README, "Sync
 * status"): {@code REPLICA_DATABASE_UNREACHABLE}, {@code CIRCUIT_OPEN},
 * {@code REBUILDING}, {@code REPLICA_INCOMPLETE}, {@code DEAD_LETTERS_WAITING},
 * {@code CONSUMER_STOPPED}, {@code CAUGHT_UP}, {@code NO_PROGRESS},
 * {@code PARTITION_STALLED}, {@code LAG_GROWING}, {@code KEEPING_UP},
 * {@code KAFKA_UNREADABLE}, {@code NO_SAMPLE} or {@code SAMPLES_STOPPED}
 * @param reason what led to it, for an operator
 */
public record Verdict(Status status, String code, String reason) {

	/**
	 * Worst last, then the in-between states; {@code code} is what the
	 * {@code niksync_sync_verdict} gauge shows.
	 */
	public enum Status {

		OK(0), WARN(1), STALLED(2), STOPPED(3), ERROR(4),
		/**
		 * The replica is being rebuilt from the topic: residents may be missing until it
		 * ends.
		 */
		REBUILDING(5),
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
