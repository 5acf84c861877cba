package id.niksync.sync.lag;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sync health is sampled and judged (the rules are in {@link VerdictRules}).
 *
 * @param sampleInterval how often offsets, time lag and the registry's outbox are read
 * @param window how much sample history is kept for the trend and the dashboard's charts
 * @param warnAfter lag that has only grown for at least this long is WARN
 * @param stalledAfter records behind and no committed offset moved for this long is
 * STALLED
 * @param stoppedAfter the same for this long is STOPPED
 * @param deadLetterAge a pending dead letter older than this is ERROR
 * @param probeTimeout the most one Kafka read, or one read of the replica database, may
 * hold a sample up (the registry's outbox has {@code niksync.registry.outbox-timeout})
 */
@ConfigurationProperties("niksync.lag")
record LagProperties(@DefaultValue("5s") Duration sampleInterval, @DefaultValue("5m") Duration window,
		@DefaultValue("1m") Duration warnAfter, @DefaultValue("2m") Duration stalledAfter,
		@DefaultValue("10m") Duration stoppedAfter, @DefaultValue("1h") Duration deadLetterAge,
		@DefaultValue("2s") Duration probeTimeout) {

}
