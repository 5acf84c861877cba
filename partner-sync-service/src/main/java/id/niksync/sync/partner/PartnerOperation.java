package id.niksync.sync.partner;

/** What a partner request asked for, as the audit records it. */
enum PartnerOperation {

	LOOKUP, VERIFY, VERIFY_BATCH, REONLINE_REQUEST, REONLINE_STATUS, REONLINE_CALLBACK, OTHER;

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
		if ("POST".equals(method) && path.equals(PartnerApi.REONLINE_REQUESTS)) {
			return REONLINE_REQUEST;
		}
		if ("GET".equals(method) && path.startsWith(PartnerApi.REONLINE_REQUESTS + "/")) {
			return REONLINE_STATUS;
		}
		if (path.equals(PartnerApi.REONLINE_CALLBACK)) {
			return REONLINE_CALLBACK;
		}
		return OTHER;
	}

}
