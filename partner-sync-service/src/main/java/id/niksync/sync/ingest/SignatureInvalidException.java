package id.niksync.sync.ingest;

import id.niksync.schemas.signing.EventVerifier;

/**
 * A record the registry did not sign with one of the verification keys: unsigned, under a
 * key id partner-sync does not know, or with a signature that does not match. It is never
 * applied; retrying cannot help.
 */
class SignatureInvalidException extends RuntimeException {

	SignatureInvalidException(EventVerifier.Outcome outcome) {
		super(switch (outcome) {
			case UNSIGNED -> "Not signed: no single niksync-key-id and niksync-signature header";
			case UNKNOWN_KEY -> "Signed under a key id that is not among niksync.signing.verification-keys";
			case BAD_SIGNATURE -> "The signature does not match the record's topic, key and value";
			case VALID -> throw new IllegalArgumentException("A valid signature is no failure");
		});
	}

}
