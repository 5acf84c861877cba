package id.niksync.sync.ingest;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The registry's topic, the dead-letter topic and the replay topic. Ingestion consumes
 * the registry's topic and the replay topic, where dead-letter replays go: partner-sync
 * may not write the registry's topic (README, "Kafka security"). The DLT and the replay
 * topic have as many partitions as the registry's topic, because a dead letter and a
 * replay keep the record's partition number.
 *
 * @param name the registry's topic ({@code nik-changes}), which only the registry writes
 * @param deadLetterName where records that cannot be applied go
 * @param replayName where dead letters are replayed to, with the registry's signature for
 * {@link #name}
 * @param partitions partitions of each
 * @param replicationFactor replication factor of each
 */
@ConfigurationProperties("niksync.topic")
record TopicProperties(@DefaultValue("nik-changes") String name, @DefaultValue("nik-changes-dlt") String deadLetterName,
		@DefaultValue("nik-changes-replays") String replayName, @DefaultValue("6") int partitions,
		@DefaultValue("1") short replicationFactor) {

	/** The topics ingestion consumes: the registry's and the replay topic. */
	List<String> ingested() {
		return List.of(this.name, this.replayName);
	}

	/**
	 * The topic a record read from {@code topic} was signed for. A replay carries the
	 * registry's record with its signature over the registry's topic, so it is verified
	 * as if it were on that topic, never against the replay topic's own name: nothing
	 * signed for any other topic passes.
	 */
	String signedFor(String topic) {
		return this.replayName.equals(topic) ? this.name : topic;
	}

}
