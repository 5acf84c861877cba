package id.niksync.registry.outbox;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.signing.EventSigner;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

	private static final String MISSING = "%s is not set (%s): registry-service signs every event it publishes"
			+ " and does not start without its key (README, \"Signed events\")";

	@Bean
	NikChangedCodec nikChangedCodec() {
		return new NikChangedCodec();
	}

	/**
	 * Fails the start-up, saying what is missing, when there is no usable signing key: an
	 * unsigned event would be refused by every replica.
	 */
	@Bean
	EventSigner eventSigner(SigningProperties signing) {
		if (signing.keyId() == null || signing.keyId().isBlank()) {
			throw new IllegalStateException(MISSING.formatted("niksync.signing.key-id", "NIKSYNC_SIGNING_KEY_ID"));
		}
		if (signing.privateKey() == null || signing.privateKey().isBlank()) {
			throw new IllegalStateException(
					MISSING.formatted("niksync.signing.private-key", "NIKSYNC_SIGNING_PRIVATE_KEY"));
		}
		try {
			return EventSigner.of(signing.keyId(), signing.privateKey());
		}
		catch (IllegalArgumentException ex) {
			// The message says what is wrong with it, never the key itself.
			throw new IllegalStateException(
					"The event signing key cannot be used: " + ex.getMessage() + " (README, \"Signed events\")", ex);
		}
	}

	/**
	 * A compacted changelog keyed by NIK: the latest full state of every NIK is kept
	 * without time limit, which is what partner-sync rebuilds a replica from. Declared
	 * the same way by partner-sync-service; an existing topic keeps its settings (README,
	 * "Rebuilding the replica").
	 */
	@Bean
	NewTopic nikChangesTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.name())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.compact()
			.config("min.insync.replicas", String.valueOf(Math.min(2, topic.replicationFactor())))
			.build();
	}

}
