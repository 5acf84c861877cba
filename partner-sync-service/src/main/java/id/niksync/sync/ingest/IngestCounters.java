package id.niksync.sync.ingest;

/**
 * What happened to records since the process started. Doubles because Micrometer counts
 * in doubles, and {@code /ops/sync-status} has always shown them so ({@code 1001.0}).
 *
 * @param applied events applied to the replica
 * @param stale events not newer than the replica (duplicates, redeliveries, reordering,
 * replays)
 * @param deadLettered records sent to the dead-letter topic, whatever the reason
 * @param retries failed delivery attempts seen by the error handler
 */
public record IngestCounters(double applied, double stale, double deadLettered, double retries) {

}
