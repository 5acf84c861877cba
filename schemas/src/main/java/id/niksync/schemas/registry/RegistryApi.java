package id.niksync.schemas.registry;

/**
 * The routes of registry-service that partner-sync calls, with its {@code SERVICE}
 * credential (HTTP Basic). Who asked is the signed-in account, never a header.
 */
public final class RegistryApi {

	/** {@code GET}: the outbox backlog, {@link OutboxStatus}. */
	public static final String OUTBOX = "/ops/outbox";

	/**
	 * {@code GET ?prefix=…}: the digests of a region prefix's child buckets,
	 * {@link RegionDigest}.
	 */
	public static final String DIGESTS = "/internal/digests";

	/**
	 * {@code POST} a {@link RepublishRequest}, answered {@code 202} with
	 * {@link RepublishStarted}; {@code GET /{jobId}} for the job's progress.
	 */
	public static final String REPUBLISH = "/api/v1/republish";

	/**
	 * {@code POST} a {@link ReonlineRequest} for the NIK in the path, answered
	 * {@code 202} with {@link ReonlineAccepted}; {@code 422 KK_MISMATCH_OR_UNKNOWN} for a
	 * wrong family-card number and for a NIK the registry does not know alike,
	 * {@code 429 REONLINE_ATTEMPTS_EXCEEDED} after too many of those for the NIK.
	 */
	public static final String REONLINE = "/api/v1/residents/{nik}/republish";

	/** The problem code of a refused re-online (wrong KK number or unknown NIK). */
	public static final String KK_MISMATCH_OR_UNKNOWN = "KK_MISMATCH_OR_UNKNOWN";

	/**
	 * The problem code of a re-online refused because the NIK collected too many
	 * refusals.
	 */
	public static final String REONLINE_ATTEMPTS_EXCEEDED = "REONLINE_ATTEMPTS_EXCEEDED";

	private RegistryApi() {
	}

}
