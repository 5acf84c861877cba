package id.niksync.sync.replica;

/**
 * What a batch did to the replica.
 *
 * @param applied events that became the stored version of their NIK
 * @param stale events that were not newer than what the replica holds (duplicates,
 * redeliveries, reordering, late replays) and changed nothing
 */
public record ApplyResult(int applied, int stale) {

}
