package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class PurposeRequiredException extends CodedProblemException {

	PurposeRequiredException() {
		super(HttpStatus.BAD_REQUEST, "PURPOSE_REQUIRED", "Say why in one " + PartnerApi.PURPOSE_HEADER
				+ " header (at most " + PartnerApi.MAX_PURPOSE_LENGTH + " characters)");
	}

}
