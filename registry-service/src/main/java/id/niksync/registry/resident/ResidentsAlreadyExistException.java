package id.niksync.registry.resident;

import java.util.List;

import id.niksync.registry.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * Some residents of a batch are already registered, so none of the batch was. The NIKs
 * are the caller's own input, returned so the import can be corrected; the detail (the
 * message) leaves them out because messages reach logs.
 */
class ResidentsAlreadyExistException extends CodedProblemException {

	ResidentsAlreadyExistException(List<String> existingNiks) {
		super(HttpStatus.CONFLICT, "RESIDENT_EXISTS",
				existingNiks.size() + " resident(s) of the batch are already registered; none of the batch was");
		getBody().setProperty("existingNiks", List.copyOf(existingNiks));
	}

}
