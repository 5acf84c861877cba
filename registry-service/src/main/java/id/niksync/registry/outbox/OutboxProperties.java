package id.niksync.registry.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the relay drains the outbox.
 *
 * @param batchSize rows read and sent per round trip
 * @param pollInterval how long an idle relay waits before looking again (a commit wakes
 * it sooner)
 * @param sendTimeout how long a batch may wait for its commit, and a take-over for its
 * read of the topic's end, before the relay gives up and starts over
 * @param maxBackoff the longest pause between attempts while Kafka is unreachable
 * @param transactionalId the relay producer's transactional id: the same on every
 * instance of the registry, so that a new leader fences the one before it (two registries
 * publishing to the same topic must not share one)
 */
@ConfigurationProperties("niksync.outbox")
record OutboxProperties(@DefaultValue("500") int batchSize, @DefaultValue("100ms") Duration pollInterval,
		@DefaultValue("30s") Duration sendTimeout, @DefaultValue("10s") Duration maxBackoff,
		@DefaultValue("niksync-registry-relay") String transactionalId) {

}
