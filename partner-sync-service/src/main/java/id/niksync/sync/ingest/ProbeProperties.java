package id.niksync.sync.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the replica database is probed through the replica breaker, so the breaker
 * opens within seconds of an outage even while no records flow (README, "Watching the
 * sync").
 *
 * @param interval between two probes ({@code SELECT 1})
 * @param timeout a probe that has not answered by then has failed (a database that hangs,
 * e.g. a paused process or a dropped network, never answers at all)
 */
@ConfigurationProperties("niksync.replica-probe")
record ProbeProperties(@DefaultValue("1s") Duration interval, @DefaultValue("1500ms") Duration timeout) {

}
