package id.niksync.sync.partner;

import id.niksync.access.RequestBodyLimitFilter;
import id.niksync.sync.system.CodedProblemException;
import org.springframework.util.unit.DataSize;

/** The same answer, {@code maxBytes} included, as every other route's 413. */
class PayloadTooLargeException extends CodedProblemException {

	PayloadTooLargeException(DataSize max) {
		super(RequestBodyLimitFilter.tooLarge(max), null);
	}

}
