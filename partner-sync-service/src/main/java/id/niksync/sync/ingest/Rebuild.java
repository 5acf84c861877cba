package id.niksync.sync.ingest;

import java.time.Instant;
import java.util.List;

/**
 * One rebuild of the replica from {@code nik-changes}, as operators see it.
 *
 * @param id its id
 * @param status RUNNING, COMPLETED or FAILED
 * @param trigger why it started: EMPTY_REPLICA, REPLICA_INCOMPLETE (both automatic) or
 * OPERATOR
 * @param requestedBy the operator, or {@code system} for an automatic one
 * @param reason why, in words
 * @param startedAt when it started
 * @param updatedAt when its progress was last saved
 * @param finishedAt when it ended, or null
 * @param recordsToRead records between the start and end offsets, all partitions (an
 * upper bound: compaction leaves gaps)
 * @param recordsRead records read so far
 * @param recordsApplied records that changed the replica (newer than what it held)
 * @param recordsSkipped records that could not be applied (undecodable, broke the
 * contract, refused by the database); ingestion dead-lettered them when they first came
 * @param percent positions reached, as a share of the offsets to read
 * @param partitions per partition: start, end and position
 * @param failure why it failed, or null
 */
public record Rebuild(long id, String status, String trigger, String requestedBy, String reason, Instant startedAt,
		Instant updatedAt, Instant finishedAt, long recordsToRead, long recordsRead, long recordsApplied,
		long recordsSkipped, double percent, List<Partition> partitions, String failure) {

	public boolean running() {
		return "RUNNING".equals(this.status);
	}

	/**
	 * @param partition the partition
	 * @param startOffset where reading began
	 * @param endOffset the topic's end when the rebuild began: reading stops there
	 * @param position the next offset to read
	 */
	public record Partition(int partition, long startOffset, long endOffset, long position) {

		boolean done() {
			return this.position >= this.endOffset;
		}

	}

	public static Rebuild of(long id, String status, String trigger, String requestedBy, String reason,
			Instant startedAt, Instant updatedAt, Instant finishedAt, long[] starts, long[] ends, long[] positions,
			long read, long applied, long skipped, String failure) {
		List<Partition> partitions = new java.util.ArrayList<>();
		long toRead = 0;
		long done = 0;
		for (int p = 0; p < ends.length; p++) {
			partitions.add(new Partition(p, starts[p], ends[p], positions[p]));
			toRead += Math.max(0, ends[p] - starts[p]);
			done += Math.max(0, Math.min(positions[p], ends[p]) - starts[p]);
		}
		double percent = (toRead == 0) ? 100 : Math.floor(1000.0 * done / toRead) / 10;
		return new Rebuild(id, status, trigger, requestedBy, reason, startedAt, updatedAt, finishedAt, toRead, read,
				applied, skipped, percent, List.copyOf(partitions), failure);
	}

}
