package id.niksync.sync.partner;

import java.io.IOException;
import java.net.SocketTimeoutException;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/**
 * A chunked body that breaks the chunked encoding ({@code 400 MALFORMED_REQUEST}), or
 * stops arriving until the connection's read timeout ({@code 408 REQUEST_TIMEOUT}, as
 * Tomcat answers it).
 */
class UnreadableBodyException extends CodedProblemException {

	UnreadableBodyException(IOException cause) {
		super(timedOut(cause) ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.BAD_REQUEST,
				timedOut(cause) ? "REQUEST_TIMEOUT" : "MALFORMED_REQUEST",
				timedOut(cause) ? "The request body did not arrive in time" : "The request body could not be read",
				cause);
	}

	private static boolean timedOut(IOException cause) {
		return cause instanceof SocketTimeoutException || cause.getCause() instanceof SocketTimeoutException;
	}

}
