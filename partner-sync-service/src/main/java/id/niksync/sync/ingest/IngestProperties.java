package id.niksync.sync.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ingestion retries.
 *
 * @param backoffInitial first pause after a failure of the environment (database down,
 * timeouts); it doubles up to {@code backoffMax} and retries go on without end, because
 * such a failure is not the record's and must never send it to the DLT
 * @param backoffMax longest pause between those retries
 * @param maxRecordAttempts attempts at a record that failed in a way nobody anticipated
 * before it goes to the DLT as {@code UNCLASSIFIED} (known record failures go at once)
 */
@ConfigurationProperties("niksync.ingest")
record IngestProperties(@DefaultValue("200ms") Duration backoffInitial, @DefaultValue("10s") Duration backoffMax,
		@DefaultValue("3") int maxRecordAttempts) {

	IngestProperties {
		if (maxRecordAttempts < 1) {
			throw new IllegalArgumentException("niksync.ingest.max-record-attempts must be at least 1");
		}
	}

}
