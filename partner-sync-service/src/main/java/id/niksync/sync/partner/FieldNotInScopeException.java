package id.niksync.sync.partner;

import java.util.Collection;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

class FieldNotInScopeException extends CodedProblemException {

	FieldNotInScopeException(Collection<ResidentField> fields) {
		super(HttpStatus.FORBIDDEN, "FIELD_NOT_IN_SCOPE", "The institution may not verify these fields");
		getBody().setProperty("fields", fields.stream().map(ResidentField::apiName).sorted().toList());
	}

}
