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

	private UnreadableBodyException(HttpStatus status, String code, String detail, IOException cause) {
		super(status, code, detail, cause);
	}

	static UnreadableBodyException of(IOException cause) {
		boolean timedOut = cause instanceof SocketTimeoutException
				|| cause.getCause() instanceof SocketTimeoutException;
		return timedOut
				? new UnreadableBodyException(HttpStatus.REQUEST_TIMEOUT, "REQUEST_TIMEOUT",
						"The request body did not arrive in time", cause)
				: new UnreadableBodyException(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
						"The request body could not be read", cause);
	}

}
