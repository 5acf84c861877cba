package id.niksync.sync.reconcile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reconciliation with the registry (where the registry is, and how long a digest may
 * take, is {@code niksync.registry}).
 *
 * @param schedule a cron expression for scheduled whole-country runs; {@code -} (the
 * default) is off
 * @param maxFindings findings kept per run (counts are always complete)
 */
@ConfigurationProperties("niksync.reconcile")
record ReconcileProperties(@DefaultValue("-") String schedule, @DefaultValue("100000") int maxFindings) {

}
