package id.niksync.schemas.registry;

/**
 * The {@code 202} answer to a {@link ReonlineRequest}: the RESYNC change it recorded. The
 * NIK is online again once the replica holds {@code version}.
 *
 * @param changeSeq the change's place in the registry's change log
 * @param version the NIK's version the change published
 */
public record ReonlineAccepted(long changeSeq, long version) {

}
