package id.niksync.sync.reconcile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reconciliation with the registry.
 *
 * @param registryBaseUrl where registry-service answers {@code /internal/digests} and
 * {@code /api/v1/republish}
 * @param registryTimeout read timeout for one digest request
 * @param schedule a cron expression for scheduled whole-country runs; {@code -} (the
 * default) is off
 * @param maxFindings findings kept per run (counts are always complete)
 */
@ConfigurationProperties("niksync.reconcile")
record ReconcileProperties(@DefaultValue("http://localhost:8081") String registryBaseUrl,
		@DefaultValue("60s") Duration registryTimeout, @DefaultValue("-") String schedule,
		@DefaultValue("100000") int maxFindings) {

}
