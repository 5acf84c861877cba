package id.niksync.registry.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The topic the registry publishes to; created at start-up when missing. */
@ConfigurationProperties("niksync.topic")
record TopicProperties(@DefaultValue("nik-changes") String name, @DefaultValue("6") int partitions,
		@DefaultValue("1") short replicationFactor) {

}
