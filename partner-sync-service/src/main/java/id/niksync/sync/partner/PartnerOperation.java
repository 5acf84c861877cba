package id.niksync.sync.partner;

/** What a partner request asked for, as the audit records it. */
enum PartnerOperation {

	LOOKUP, VERIFY, VERIFY_BATCH, OTHER;

	static PartnerOperation of(String method, String path) {
		if ("GET".equals(method) && path.startsWith(PartnerApi.RESIDENTS + "/")) {
			return LOOKUP;
		}
		if ("POST".equals(method) && path.equals(PartnerApi.VERIFICATIONS)) {
			return VERIFY;
		}
		if ("POST".equals(method) && path.equals(PartnerApi.VERIFICATIONS_BATCH)) {
			return VERIFY_BATCH;
		}
		return OTHER;
	}

}
