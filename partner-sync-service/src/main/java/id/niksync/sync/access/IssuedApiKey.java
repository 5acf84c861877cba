package id.niksync.sync.access;

import java.time.Instant;

/**
 * A new key, the only time it is ever shown.
 *
 * @param previousKeysValidUntil when the keys it replaces stop working (rotation only)
 */
record IssuedApiKey(String keyId, String key, Instant previousKeysValidUntil) {

}
