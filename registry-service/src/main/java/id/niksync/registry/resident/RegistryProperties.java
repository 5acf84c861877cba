package id.niksync.registry.resident;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the residents API.
 *
 * @param maxBatchSize the most residents one batch registration may hold; a batch is one
 * transaction, so this bounds how long it holds its locks and how large the request is
 */
@ConfigurationProperties("niksync.registry")
record RegistryProperties(@DefaultValue("1000") int maxBatchSize) {

}
