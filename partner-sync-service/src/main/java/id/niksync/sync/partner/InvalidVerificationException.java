package id.niksync.sync.partner;

import java.util.List;
import java.util.Map;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * A verification request that breaks a rule; each violation names the item (its index in
 * a batch) and never echoes the input.
 */
class InvalidVerificationException extends CodedProblemException {

	InvalidVerificationException(String code, String detail, List<Map<String, Object>> violations) {
		super(HttpStatus.BAD_REQUEST, code, detail);
		if (!violations.isEmpty()) {
			getBody().setProperty("violations", violations);
		}
	}

}
