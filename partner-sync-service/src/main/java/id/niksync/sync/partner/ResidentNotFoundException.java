package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * 404: the replica does not hold the NIK. Whether the registry knows it is not said (the
 * replica cannot know, and a partner must not learn it); the answer links to where the
 * institution can ask for it to be re-onlined.
 */
class ResidentNotFoundException extends CodedProblemException {

	static final String CODE = "NOT_ON_REPLICA";

	ResidentNotFoundException() {
		super(HttpStatus.NOT_FOUND, CODE, "The NIK is not on the replica; with the citizen's family-card number, "
				+ "ask for it to be re-onlined (POST " + PartnerApi.REONLINE_REQUESTS + ")");
		getBody().setProperty("reonline", PartnerApi.REONLINE_REQUESTS);
	}

}
