package id.niksync.registry.republish;

/** What a citizen brings to re-online their NIK: the family-card number on the record. */
record ReonlineRequest(String kkNumber, String reason) {

}
