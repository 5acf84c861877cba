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
 * @param sendTimeout how long a batch waits for Kafka's acknowledgements before it gives
 * up
 * @param maxBackoff the longest pause between attempts while Kafka is unreachable
 */
@ConfigurationProperties("niksync.outbox")
record OutboxProperties(@DefaultValue("500") int batchSize, @DefaultValue("100ms") Duration pollInterval,
		@DefaultValue("30s") Duration sendTimeout, @DefaultValue("10s") Duration maxBackoff) {

}
