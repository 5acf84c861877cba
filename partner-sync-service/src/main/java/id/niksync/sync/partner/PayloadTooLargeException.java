package id.niksync.sync.partner;

import id.niksync.sync.system.CodedProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class PayloadTooLargeException extends CodedProblemException {

	PayloadTooLargeException(DataSize max) {
		super(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
				"The request body is larger than " + max.toKilobytes() + " KB");
	}

}
