package id.niksync.sync.partner;

import java.io.IOException;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** A chunked body that breaks off or breaks the chunked encoding. */
class UnreadableBodyException extends CodedProblemException {

	UnreadableBodyException(IOException cause) {
		super(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request body could not be read", cause);
	}

}
