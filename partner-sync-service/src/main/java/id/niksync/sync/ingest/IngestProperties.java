package id.niksync.sync.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ingestion retries a batch that failed for a reason outside the record (database
 * down, timeouts): exponential backoff from {@code backoffInitial} up to
 * {@code backoffMax}, without end, because such a failure is not the record's fault and
 * must never send it to the DLT.
 */
@ConfigurationProperties("niksync.ingest")
record IngestProperties(@DefaultValue("200ms") Duration backoffInitial, @DefaultValue("10s") Duration backoffMax) {

}
