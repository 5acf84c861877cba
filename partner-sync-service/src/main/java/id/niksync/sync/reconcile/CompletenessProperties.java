package id.niksync.sync.reconcile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the replica's resident count is compared with the registry's.
 *
 * @param interval between two counts (each is one aggregate query on each side, a scan of
 * the resident tables); also counted at start, when the replica database comes back, and
 * when a rebuild ends
 * @param incompleteBelow the replica is incomplete when it holds fewer than this share of
 * the registry's residents (records still waiting on the topic counted as held)
 * @param firstRetry until a first count is taken (the registry, the broker or the replica
 * database not answering yet at start), the wait before the next try; doubled after each
 * further failure, as long as that is shorter than {@code interval} (the interval's own
 * count takes over then). Once a count is taken, a failed one leaves it standing until
 * the next interval
 */
@ConfigurationProperties("niksync.completeness")
public record CompletenessProperties(@DefaultValue("10m") Duration interval,
		@DefaultValue("0.99") double incompleteBelow, @DefaultValue("15s") Duration firstRetry) {

	public CompletenessProperties {
		// each try may run the whole-country digest on the registry: never a tight loop
		if (firstRetry.compareTo(Duration.ofSeconds(1)) < 0 || firstRetry.compareTo(interval) > 0) {
			throw new IllegalArgumentException(
					"niksync.completeness.first-retry must be at least 1s and at most niksync.completeness.interval");
		}
	}

}
