package id.niksync.sync.ingest;

import java.security.PublicKey;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import id.niksync.identity.Nik;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.schemas.signing.SigningKeys;
import id.niksync.sync.system.UnexpectedError;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka plumbing for ingestion. Failures that belong to the record go to the dead-letter
 * topic with a reason code: at once when their kind is known (undecodable, unknown
 * schema, breaks the contract, refused by a constraint), after
 * {@code niksync.ingest.max-record-attempts} when it is not. Failures of the environment
 * ({@link FailureClassifier#isEnvironmental}) and of the batch's handling itself
 * ({@link NikChangesListener.BatchFailed}) are retried with backoff, without end, the
 * circuit breaker pausing consumption while the replica is away.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	private static final org.slf4j.Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

	/**
	 * The registry's public keys. Fails the start-up, saying what is wrong, without one:
	 * every event would be refused.
	 */
	@Bean
	EventVerifier eventVerifier(SigningProperties signing) {
		if (signing.verificationKeys() == null || signing.verificationKeys().isEmpty()) {
			throw new IllegalStateException("niksync.signing.verification-keys is not set"
					+ " (NIKSYNC_SIGNING_VERIFICATIONKEYS_0_KEYID and _0_PUBLICKEY): partner-sync-service accepts"
					+ " only events the registry signed and does not start without its public key"
					+ " (README, \"Signed events\")");
		}
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		for (int i = 0; i < signing.verificationKeys().size(); i++) {
			SigningProperties.VerificationKey key = signing.verificationKeys().get(i);
			String name = "niksync.signing.verification-keys[" + i + "]";
			try {
				SigningKeys.checkKeyId(key.keyId());
				if (keys.put(key.keyId(), SigningKeys.publicKey(key.publicKey())) != null) {
					throw new IllegalArgumentException("key id " + key.keyId() + " is given twice");
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(name + " cannot be used: " + ex.getMessage(), ex);
			}
		}
		try {
			EventVerifier verifier = new EventVerifier(keys);
			log.info("Accepting events signed by key ids {}", verifier.keyIds());
			return verifier;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("niksync.signing.verification-keys cannot be used: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A compacted changelog: the latest full state of every NIK is kept, without time
	 * limit, so a wiped or new replica rebuilds from it ({@link ReplicaRebuilder}).
	 * Declared the same way by registry-service, whichever starts first (partner-sync may
	 * create it, never write it); a topic that exists already keeps its settings (README,
	 * "Rebuilding the replica", says how to change it once).
	 */
	/**
	 * The registry publishes in Kafka transactions: each commit leaves a marker after the
	 * batch that the listener never receives, so the committed offset would stay one
	 * short of the partition's end and the lag read one record per partition for ever.
	 * The container commits past markers (and past records of aborted transactions)
	 * before its next poll.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> commitPastTransactionMarkers() {
		return (container) -> container.getContainerProperties().setFixTxOffsets(true);
	}

	@Bean
	NewTopic nikChangesTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.name())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.compact()
			.config("min.insync.replicas", String.valueOf(Math.min(2, topic.replicationFactor())))
			.build();
	}

	/**
	 * Dead-letter replays: partner-sync's own topic, consumed by ingestion with
	 * {@code nik-changes} (README, "When a record fails"). Not compacted: a replay is
	 * needed once, until ingestion has read it; a rebuild reads {@code nik-changes} only.
	 */
	@Bean
	NewTopic nikChangesReplayTopic(TopicProperties topic) {
		if (topic.replayName().equals(topic.name()) || topic.replayName().equals(topic.deadLetterName())) {
			throw new IllegalStateException(
					"niksync.topic.replay-name must name a topic of its own, not " + topic.replayName()
							+ ": partner-sync may not write " + topic.name() + " (README, \"Kafka security\")");
		}
		return TopicBuilder.name(topic.replayName())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.config("min.insync.replicas", String.valueOf(Math.min(2, topic.replicationFactor())))
			.build();
	}

	@Bean
	NewTopic nikChangesDeadLetterTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.deadLetterName())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			// A dead letter is the only copy of a failure an operator must see.
			.config("min.insync.replicas", String.valueOf(Math.min(2, topic.replicationFactor())))
			.build();
	}

	@Bean
	DefaultErrorHandler ingestErrorHandler(DeadLettering deadLetters, IngestProperties settings, IngestMetrics metrics,
			RecordFailures failures) {
		ExponentialBackOff backOff = new ExponentialBackOff(settings.backoffInitial().toMillis(), 2.0);
		backOff.setMaxInterval(settings.backoffMax().toMillis());
		// An Error from the recoverer as an exception: the container would stop on it;
		// this way the record is sought again and retried.
		IngestErrorHandler handler = new IngestErrorHandler((record, ex) -> {
			try {
				deadLetters.send(record, ex);
			}
			catch (Error error) {
				throw UnexpectedError.of(error);
			}
		}, backOff, settings.backoffInitial(), settings.backoffMax());
		FailureClassifier.RECORD_FAILURES.forEach(handler::addNotRetryableExceptions);
		// Never given up on: classified as such, the classifier stops there instead of
		// looking through its causes (a ClassCastException from a bug in the handling
		// is not retryable by Spring Kafka's defaults: the batch's first record would be
		// dead-lettered for it).
		handler.addRetryableExceptions(NikChangesListener.BatchFailed.class);
		// Each failed attempt is logged by the container at this level (Spring Kafka's
		// default is ERROR, once per attempt): WARN, so that ERROR means a record
		// given up on, once, above.
		handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
		// By the listener's verdict: a record's own failure gets a few attempts (a kind
		// known to be the record's none, above); a batch's (the environment's) waits
		// without end, the breaker pausing consumption meanwhile if the replica is away.
		handler.setBackOffFunction((record, ex) -> NikChangesListener.RecordFailed.in(ex)
				? new FixedBackOff(settings.backoffInitial().toMillis(), settings.maxRecordAttempts() - 1L) : null);
		handler.setRetryListeners(new RetryListener() {
			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
				try {
					// counted as a failed delivery of its batch, below
					failures.failed(record.topic(), record.partition(), record.offset(), attempt, ex);
				}
				catch (RuntimeException | Error bookkeeping) {
					// bookkeeping only: never what stops the retries (or the container)
					log.error("Recording a failed delivery failed", bookkeeping);
				}
			}

			@Override
			public void failedDelivery(org.apache.kafka.clients.consumer.ConsumerRecords<?, ?> records, Exception ex,
					int attempt) {
				try {
					// Told of every failed delivery of a batch, once (as attempt 1).
					metrics.retried();
					if (NikChangesListener.RecordFailed.in(ex)) {
						// told of next, with its own count
						return;
					}
					// Not one record's failure: each partition waits at its first
					// record, once more if it did before.
					Set<TopicPartition> seen = new HashSet<>();
					records.forEach((record) -> {
						if (seen.add(new TopicPartition(record.topic(), record.partition()))) {
							failures.failedAgain(record.topic(), record.partition(), record.offset(), ex);
						}
					});
				}
				catch (RuntimeException | Error bookkeeping) {
					log.error("Recording a failed delivery failed", bookkeeping);
				}
			}
		});
		return handler;
	}

	/**
	 * The breaker opens for outages only: a record's own failure says nothing about the
	 * replica's health (and goes to the DLT instead).
	 */
	@Bean
	CircuitBreakerConfigCustomizer replicaBreakerCountsOutagesOnly() {
		return CircuitBreakerConfigCustomizer.of(ReplicaCircuit.NAME,
				(breaker) -> breaker.recordException(FailureClassifier::isOutage));
	}

	/** At most 200 characters, every run of 16 digits (a NIK, a KK number) masked. */
	static String masked(String message) {
		if (message == null) {
			return "";
		}
		String short200 = (message.length() > 200) ? message.substring(0, 200) + "…" : message;
		return Nik.maskWithin(short200);
	}

	static Throwable rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	/**
	 * A key masked, or only its length when it is longer than a NIK can be: masking keeps
	 * a string's length, and a forged record's key may be megabytes.
	 */
	static String keyForLog(Object key) {
		if (key == null) {
			return null;
		}
		String text = key.toString();
		return (text.length() <= 32) ? Nik.mask(text) : "of " + text.length() + " characters";
	}

	/**
	 * Replaces Spring Kafka's default producer listener, which logs a failed record's key
	 * and value: the key is a NIK and the value a whole resident. Only the masked NIK is
	 * logged.
	 */
	@Bean
	ProducerListener<Object, Object> maskingProducerListener() {
		return new ProducerListener<>() {
			@Override
			public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception ex) {
				LoggerFactory.getLogger(ProducerListener.class)
					.warn("Send to {} failed for key {}: {}", record.topic(), keyForLog(record.key()), ex.toString());
			}
		};
	}

}
