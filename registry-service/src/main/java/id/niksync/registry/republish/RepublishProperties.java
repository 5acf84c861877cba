package id.niksync.registry.republish;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How re-online and republish jobs run.
 *
 * @param batchSize residents republished per transaction
 * @param pauseBetweenBatches a breather between batches, so a large region does not crowd
 * out the registry's normal writes and the relay (0 = none)
 * @param maxNiks the most NIKs one job may list
 * @param maxAttempts consecutive failed attempts at a batch before the job is marked
 * FAILED
 * @param retryBackoff the pause before a failed batch is tried again
 * @param maxRefusedReonlines refused re-onlines (wrong KK number or unknown NIK) one NIK
 * may collect within {@code refusedReonlineWindow} before further attempts for it are
 * refused with 429: guessing family-card numbers needs many tries
 * @param refusedReonlineWindow how far back refused re-onlines count
 */
@ConfigurationProperties("niksync.republish")
record RepublishProperties(@DefaultValue("500") int batchSize, @DefaultValue("0ms") Duration pauseBetweenBatches,
		@DefaultValue("10000") int maxNiks, @DefaultValue("5") int maxAttempts,
		@DefaultValue("1s") Duration retryBackoff, @DefaultValue("5") int maxRefusedReonlines,
		@DefaultValue("24h") Duration refusedReonlineWindow) {

}
