package id.niksync.sync.access;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class AccountNotFoundException extends CodedProblemException {

	AccountNotFoundException() {
		super(HttpStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND", "There is no operator account with this username");
	}

}
