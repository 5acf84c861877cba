package id.niksync.sync.access;

import java.time.Instant;

/** A key without its secret, for operators. */
record ApiKeyInfo(String keyId, Instant createdAt, Instant expiresAt, Instant revokedAt, boolean usable) {

}
