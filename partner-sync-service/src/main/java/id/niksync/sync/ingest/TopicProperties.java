package id.niksync.sync.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topic consumed and its dead-letter topic. The DLT has as many partitions as the
 * topic, because Spring Kafka's recoverer keeps a dead letter on its original partition
 * number.
 */
@ConfigurationProperties("niksync.topic")
record TopicProperties(@DefaultValue("nik-changes") String name, @DefaultValue("nik-changes-dlt") String deadLetterName,
		@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor) {

}
