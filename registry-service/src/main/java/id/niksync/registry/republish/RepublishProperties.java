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
 * may collect from one account within {@code refusedReonlineWindow} before that account's
 * further attempts for it are refused with 429: guessing family-card numbers needs many
 * tries
 * @param refusedReonlineWindow how far back refused re-onlines count
 * @param lease how long an instance's claim on a running job holds without a committed
 * batch; a job whose claim ran out (its instance died, or lost the database) is taken
 * over by the next instance that looks. Keep it well above one batch plus
 * {@code pauseBetweenBatches}
 * @param resumeInterval how often every instance looks for running jobs nobody holds
 * (and, after a database outage, for its own): the longest a job waits to resume once the
 * database is back
 */
@ConfigurationProperties("niksync.republish")
record RepublishProperties(@DefaultValue("500") int batchSize, @DefaultValue("0ms") Duration pauseBetweenBatches,
		@DefaultValue("10000") int maxNiks, @DefaultValue("5") int maxAttempts,
		@DefaultValue("1s") Duration retryBackoff, @DefaultValue("5") int maxRefusedReonlines,
		@DefaultValue("24h") Duration refusedReonlineWindow, @DefaultValue("30s") Duration lease,
		@DefaultValue("5s") Duration resumeInterval) {

	RepublishProperties {
		if (pauseBetweenBatches.compareTo(lease) >= 0) {
			throw new IllegalArgumentException("niksync.republish.pause-between-batches (" + pauseBetweenBatches
					+ ") must be shorter than niksync.republish.lease (" + lease + ")");
		}
	}

}
