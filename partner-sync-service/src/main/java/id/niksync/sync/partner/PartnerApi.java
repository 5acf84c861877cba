package id.niksync.sync.partner;

/** The partner API's routes and headers, in one place. */
final class PartnerApi {

	static final String RESIDENTS = "/partner/v1/residents";

	/** The NIK in a lookup's path. */
	static final String NIK_VARIABLE = "nik";

	/** A lookup: {@link ResidentLookupMapping} finds its handler. */
	static final String RESIDENT = RESIDENTS + "/{" + NIK_VARIABLE + "}";

	/**
	 * A lookup's parameter: the version the registry gave, which the answer may not be
	 * older than.
	 */
	static final String MIN_VERSION = "minVersion";

	static final String VERIFICATIONS = "/partner/v1/verifications";

	static final String VERIFICATIONS_BATCH = VERIFICATIONS + "/batch";

	static final String REONLINE_REQUESTS = "/partner/v1/reonline-requests";

	static final String REONLINE_CALLBACK = "/partner/v1/reonline-callback";

	/** Why the partner asks (e.g. "KYC account opening"): required, and audited. */
	static final String PURPOSE_HEADER = "X-Purpose";

	static final int MAX_PURPOSE_LENGTH = 200;

	private PartnerApi() {
	}

}
