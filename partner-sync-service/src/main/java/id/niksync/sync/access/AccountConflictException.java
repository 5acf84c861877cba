package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * 409: the username is taken (USERNAME_TAKEN), or the change would lock administrators
 * out (LAST_ADMIN_OR_SELF, as on the registry).
 */
class AccountConflictException extends CodedProblemException {

	AccountConflictException(String code, String detail) {
		super(HttpStatus.CONFLICT, code, detail);
	}

}
