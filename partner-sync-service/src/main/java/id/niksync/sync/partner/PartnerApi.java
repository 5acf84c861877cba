package id.niksync.sync.partner;

/** The partner API's routes and headers, in one place. */
final class PartnerApi {

	static final String RESIDENTS = "/partner/v1/residents";

	/** A lookup: {@link ResidentLookupMapping} finds its handler. */
	static final String RESIDENT = RESIDENTS + "/{nik}";

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
