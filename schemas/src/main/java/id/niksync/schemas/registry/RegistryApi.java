package id.niksync.schemas.registry;

/** The routes and headers of registry-service that partner-sync calls. */
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

	/** Who asked for a republish, recorded in the registry's audit. */
	public static final String OPERATOR_HEADER = "X-Operator";

	private RegistryApi() {
	}

}
