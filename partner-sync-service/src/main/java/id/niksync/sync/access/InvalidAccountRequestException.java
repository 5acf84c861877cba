package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** 400: INVALID_REQUEST, REASON_REQUIRED or CURRENT_PASSWORD_WRONG. */
class InvalidAccountRequestException extends CodedProblemException {

	InvalidAccountRequestException(String code, String detail) {
		super(HttpStatus.BAD_REQUEST, code, detail);
	}

}
