package id.niksync.registry.resident;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the registry's API.
 *
 * @param maxBatchSize the most residents one batch registration may hold; a batch is one
 * transaction, so this bounds how long it holds its locks and how large the request is
 * @param maxBody the largest request body of any route but the batch registration; larger
 * ones are refused before they are read
 * @param maxBatchBody the largest body of a batch registration (1,000 residents take
 * about 600 KB)
 */
@ConfigurationProperties("niksync.registry")
record RegistryProperties(@DefaultValue("1000") int maxBatchSize, @DefaultValue("1MB") DataSize maxBody,
		@DefaultValue("4MB") DataSize maxBatchBody) {

}
