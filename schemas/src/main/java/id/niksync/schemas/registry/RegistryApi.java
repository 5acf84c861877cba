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

	private RegistryApi() {
	}

}
