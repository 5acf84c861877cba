package id.niksync.registry.republish;

/**
 * The RESYNC change a re-online produced: its place in the change log and the new
 * version.
 */
record ReonlineResponse(long changeSeq, long version) {

}
