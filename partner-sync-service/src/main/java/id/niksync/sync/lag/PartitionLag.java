package id.niksync.sync.lag;

/**
 * How far the ingestion consumer group is behind on one partition of a topic it consumes
 * ({@code nik-changes} or the replay topic).
 *
 * @param topic the topic
 * @param partition the partition
 * @param endOffset the offset the next published record will get
 * @param committedOffset the group's committed offset (the next record it will consume);
 * null when it never committed on this partition
 * @param offsetLag records published but not yet consumed
 * @param timeLagSeconds how long the oldest unconsumed record has been on the topic; 0
 * when nothing is behind; null when that record could not be read in time
 */
public record PartitionLag(String topic, int partition, long endOffset, Long committedOffset, long offsetLag,
		Double timeLagSeconds) {

}
