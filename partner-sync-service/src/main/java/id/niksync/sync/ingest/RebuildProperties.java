package id.niksync.sync.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rebuilding the replica from {@code nik-changes} (README, "Rebuilding the replica").
 *
 * @param auto start a rebuild by itself when the replica is empty, or holds far fewer
 * residents than the registry ({@code niksync.completeness}), although the ingest group
 * has consumed records; an operator can always start one
 * @param checkInterval how often this instance looks for a rebuild to run or to start
 * @param lease how long a running rebuild stays this instance's without a progress save;
 * after that another instance takes it over
 * @param cooldown an automatic rebuild is not started again within this time of the last
 * one having read everything the group had consumed (so a replica that stays incomplete
 * for another reason does not loop)
 */
@ConfigurationProperties("niksync.rebuild")
record RebuildProperties(@DefaultValue("true") boolean auto, @DefaultValue("5s") Duration checkInterval,
		@DefaultValue("30s") Duration lease, @DefaultValue("10m") Duration cooldown) {

}
