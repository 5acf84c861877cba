package id.niksync.sync.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ingestion retries, and how an instance is known to the consumer group.
 *
 * @param backoffInitial first pause after a failure of the environment (database down,
 * timeouts); it doubles up to {@code backoffMax} and retries go on without end, because
 * such a failure is not the record's and must never send it to the DLT
 * @param backoffMax longest pause between those retries. The same two pace deliveries of
 * a record whose dead letter the broker refuses ({@link IngestErrorHandler})
 * @param maxRecordAttempts attempts at a record that failed in a way nobody anticipated
 * before it goes to the DLT as {@code UNCLASSIFIED} (known record failures go at once)
 * @param staticMembership whether the instance joins its groups as a static member
 * ({@code group.instance.id}): back within {@code session.timeout.ms}, it takes its
 * partitions back without a rebalance; stopped, even gracefully, it holds them until then
 * (README, "Failover")
 * @param instanceId this instance's name in the group, unique among the running instances
 * and the same after a restart; by default the host name and the HTTP port (each consumer
 * thread adds {@code -0}, {@code -1}, …)
 */
@ConfigurationProperties("niksync.ingest")
record IngestProperties(@DefaultValue("200ms") Duration backoffInitial, @DefaultValue("10s") Duration backoffMax,
		@DefaultValue("3") int maxRecordAttempts, @DefaultValue("false") boolean staticMembership, String instanceId) {

	IngestProperties {
		if (maxRecordAttempts < 1) {
			throw new IllegalArgumentException("niksync.ingest.max-record-attempts must be at least 1");
		}
		if (instanceId != null && instanceId.isBlank()) {
			instanceId = null;
		}
	}

}
