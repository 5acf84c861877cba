package id.niksync.sync.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.replica.ReplicaLockWaits;
import id.niksync.sync.replica.ReplicaReadTimedOutException;
import id.niksync.sync.system.CodedProblemException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends dead letters back through the replay topic ({@code niksync.topic.replay-name},
 * {@code nik-changes-replays}; partner-sync may not write {@code nik-changes}): the
 * original key, bytes and headers, the registry's signature among them, on the partition
 * the record had, plus a header naming the dead letter. Ingestion consumes the replay
 * topic with {@code nik-changes}, signature check (for {@code nik-changes}) and version
 * guard included, so replaying twice, or replaying something the replica already has,
 * changes nothing (G5). Every action is audited.
 */
@Component
class DeadLetterReplayer {

	/** The most a single replay-by-filter request acts on. */
	static final int MAX_PER_REQUEST = 10_000;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);

	/** The bulk replays and dry runs running on this instance: one at a time. */
	private final Semaphore bulk = new Semaphore(1);

	private final DeadLetters deadLetters;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final KafkaOperations<Object, Object> kafka;

	private final OperatorAudit audit;

	/** The registry's public keys as ingestion checks them. */
	private final EventVerifier signatures;

	private final DeadLetterSupersession supersession;

	/** The registry's topic: what its signature covers. */
	private final String signedFor;

	private final ReplicaLockWaits lockWaits;

	/** Where replays go. */
	private final String replayTopic;

	DeadLetterReplayer(DeadLetters deadLetters, JdbcClient jdbc, TransactionTemplate transaction,
			KafkaOperations<Object, Object> kafka, OperatorAudit audit, EventVerifier signatures,
			DeadLetterSupersession supersession, ReplicaLockWaits lockWaits,
			@Value("${niksync.topic.name}") String signedFor,
			@Value("${niksync.topic.replay-name}") String replayTopic) {
		this.deadLetters = deadLetters;
		this.signatures = signatures;
		this.supersession = supersession;
		this.lockWaits = lockWaits;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.kafka = kafka;
		this.audit = audit;
		this.signedFor = signedFor;
		this.replayTopic = replayTopic;
	}

	/**
	 * Marks the letter replayed and writes the audit row, then publishes, all in one
	 * transaction: a failed audit write means nothing is published, and a publish Kafka
	 * does not acknowledge rolls both back. (Only a commit failing after the
	 * acknowledgement would leave a replay without its row; the replay is harmless, the
	 * version guard applies it at most once.)
	 * @throws ReplicaReadTimedOutException when it waited too long for a lock on the
	 * replica: nothing sent, changed or audited
	 */
	DeadLetter replay(long id, String operator, String reason) {
		replayOnce(id, operator, reason, true);
		return this.deadLetters.find(id).orElseThrow();
	}

	/**
	 * Whether it was sent: a letter already replayed is not sent again (its outcome is
	 * the replica's, or a new letter that names it), so a repeated request, a double
	 * click or an overlapping bulk replay makes no second copy.
	 */
	private boolean replayOnce(long id, String operator, String reason, boolean auditNothingSent) {
		return Boolean.TRUE.equals(this.transaction.execute((tx) -> {
			DeadLetter letter = this.deadLetters.findForUpdate(id)
				.orElseThrow(() -> new DeadLetterNotFoundException(id));
			if (letter.status() == DeadLetterStatus.DISCARDED) {
				throw new DeadLetterDiscardedException(id);
			}
			if (letter.status() == DeadLetterStatus.REPLAYED || letter.status() == DeadLetterStatus.SUPERSEDED) {
				return nothingSent(id, letter.status(), operator, reason, auditNothingSent);
			}
			if (this.supersession.supersedeNow(id)) {
				// Not sent: it would change nothing on the replica.
				return nothingSent(id, DeadLetterStatus.SUPERSEDED, operator, reason, auditNothingSent);
			}
			ProducerRecord<Object, Object> record = replayRecord(letter);
			EventVerifier.Outcome signature = this.signatures.verify(this.signedFor, keyBytes(record), original(record),
					record.headers());
			if (signature != EventVerifier.Outcome.VALID) {
				// Sent again it would only be refused again.
				throw new ForgeryNotReplayableException(id, signature);
			}
			this.jdbc.sql("""
					UPDATE dead_letter SET status = 'REPLAYED', attempts = attempts + 1, last_replayed_at = now(),
					    updated_at = now() WHERE id = ?""").param(id).update();
			this.audit.record(operator, "DEAD_LETTER_REPLAY", target(id), reason, null);
			publish(id, record);
			return true;
		}));
	}

	/**
	 * An operator's request for one letter is audited even when it sends nothing (the
	 * letter replayed or superseded already): every request is an action on the letter. A
	 * bulk replay's request has its own row, which names what it selected.
	 */
	private boolean nothingSent(long id, DeadLetterStatus status, String operator, String reason, boolean audited) {
		if (audited) {
			this.audit.record(operator, "DEAD_LETTER_REPLAY", target(id), reason,
					"{\"sent\":false,\"status\":\"" + status.name() + "\"}");
		}
		return false;
	}

	/**
	 * The request is audited before anything is sent (what it selected, and why); each
	 * letter then as {@link #replay}.
	 * @throws ReplicaReadTimedOutException when a letter waited too long for a lock on
	 * the replica: the letters before it were replayed (its {@code sent}), it and those
	 * after it were not ({@code notTried}); a dry run tells nothing then. Likewise
	 * {@code 503 DATABASE_BUSY} for a letter locked by other work ({@code lock_timeout}).
	 */
	BulkReplay replayMatching(DeadLetterFilter filter, boolean dryRun, String operator, String reason) {
		// One at a time per instance: each holds a connection for as long as it runs
		// (12 – 18 s over 5,200 letters), and 14 at once took the pool from the partners'
		// lookups, which answered 503 DATABASE_BUSY (second attack run, 2026-12-06).
		if (!this.bulk.tryAcquire()) {
			CodedProblemException busy = new CodedProblemException(HttpStatus.TOO_MANY_REQUESTS, "BULK_REPLAY_BUSY",
					"Another bulk replay or dry run is running on this instance; ask again once it has answered");
			busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			throw busy;
		}
		try {
			return replayMatchingAlone(filter, dryRun, operator, reason);
		}
		finally {
			this.bulk.release();
		}
	}

	private BulkReplay replayMatchingAlone(DeadLetterFilter filter, boolean dryRun, String operator, String reason) {
		List<Long> ids = this.deadLetters.matchingIds(filter, MAX_PER_REQUEST);
		String details = "filter=" + filter + ", matched=" + ids.size();
		this.transaction.executeWithoutResult((tx) -> this.audit.record(operator,
				dryRun ? "DEAD_LETTER_REPLAY_DRY_RUN" : "DEAD_LETTER_REPLAY_BULK", "filter", reason, details));
		if (dryRun) {
			// one transaction whose lock waits are bounded, not one per letter
			return new BulkReplay(true, ids.size(), 0, ids,
					this.lockWaits.bounded(() -> ids.stream().filter(this::wouldSend).toList()));
		}
		List<Long> replayed = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			long id = ids.get(i);
			try {
				if (replayOnce(id, operator, reason, false)) {
					replayed.add(id);
				}
			}
			catch (ForgeryNotReplayableException ex) {
				// selected, never sent: counted in matched, not in replayed
			}
			catch (ReplicaReadTimedOutException ex) {
				// A lock on the replica: the next letters would each wait as long. What
				// went out stays out; asking again sends only what is still pending.
				throw stoppedAt(ex, replayed, ids.subList(i, ids.size()));
			}
			catch (RuntimeException ex) {
				if (!DatabaseUnavailable.causedBy(ex)) {
					throw ex;
				}
				// The letter locked by other work (another replay of it still waiting for
				// Kafka's ack, a lock on dead_letter), no connection for this request,
				// the
				// database away: stopped there, as above.
				CodedProblemException busy = new CodedProblemException(HttpStatus.SERVICE_UNAVAILABLE,
						DatabaseUnavailable.code(ex), DatabaseUnavailable.detail(ex), ex);
				busy.getHeaders()
					.set(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseUnavailable.RETRY_AFTER.toSeconds()));
				throw stoppedAt(busy, replayed, ids.subList(i, ids.size()));
			}
		}
		return new BulkReplay(false, ids.size(), replayed.size(), ids, replayed);
	}

	/** The refusal of a bulk replay that stopped, with what it sent and did not try. */
	private static CodedProblemException stoppedAt(CodedProblemException refusal, List<Long> sent,
			List<Long> notTried) {
		refusal.getBody().setProperty("sent", List.copyOf(sent));
		refusal.getBody().setProperty("notTried", List.copyOf(notTried));
		return refusal;
	}

	DeadLetter discard(long id, String operator, String reason) {
		boolean superseded = Boolean.TRUE.equals(this.transaction.execute((tx) -> {
			DeadLetter letter = this.deadLetters.findForUpdate(id)
				.orElseThrow(() -> new DeadLetterNotFoundException(id));
			if (letter.status() == DeadLetterStatus.DISCARDED) {
				throw new DeadLetterDiscardedException(id);
			}
			if (letter.status() == DeadLetterStatus.REPLAYED) {
				// Its bytes are on the replay topic; discarding would claim otherwise.
				throw new DeadLetterReplayedException(id);
			}
			// also a pending one the replica overtook since the last scheduled look:
			// superseded now (committed), then refused
			if (letter.status() == DeadLetterStatus.SUPERSEDED || this.supersession.supersedeNow(id)) {
				return true;
			}
			this.jdbc.sql("""
					UPDATE dead_letter SET status = 'DISCARDED', discard_reason = ?, updated_at = now()
					WHERE id = ?""").params(reason, id).update();
			this.audit.record(operator, "DEAD_LETTER_DISCARD", target(id), reason, null);
			return false;
		}));
		if (superseded) {
			throw new DeadLetterSupersededException(id);
		}
		return this.deadLetters.find(id).orElseThrow();
	}

	/**
	 * The letter's original key, bytes and headers, and which letter it replays, for the
	 * replay topic's partition of the record's number (the DLT's and the replay topic's
	 * partitions match the registry topic's), so a replay that fails again is
	 * dead-lettered, and shown as stuck, on the partition the record always had.
	 */
	private ProducerRecord<Object, Object> replayRecord(DeadLetter letter) {
		long id = letter.id();
		DeadLetters.Original original = this.deadLetters.original(id);
		ProducerRecord<Object, Object> record = new ProducerRecord<>(this.replayTopic,
				partition(letter.originalPartition()), original.key(), original.payload());
		DeadLetterHeaders.original(this.deadLetters.headers(id)).forEach(record.headers()::add);
		record.headers()
			.add(new RecordHeader(DeadLetterHeaders.REPLAY_OF, Long.toString(id).getBytes(StandardCharsets.UTF_8)));
		return record;
	}

	/**
	 * The record's partition number when the replay topic has it; otherwise (the topics'
	 * partition counts were changed apart) none, and the key picks one.
	 */
	private Integer partition(int original) {
		if (original < 0) {
			return null;
		}
		List<org.apache.kafka.common.PartitionInfo> partitions = this.kafka.partitionsFor(this.replayTopic);
		return (partitions != null && original < partitions.size()) ? original : null;
	}

	/** The key's bytes as they go on the wire (ISO-8859-1, application.yml). */
	private static byte[] keyBytes(ProducerRecord<Object, Object> record) {
		return (record.key() != null) ? ((String) record.key()).getBytes(StandardCharsets.ISO_8859_1) : null;
	}

	private static byte[] original(ProducerRecord<Object, Object> record) {
		return (byte[]) record.value();
	}

	/**
	 * Waits for Kafka's acknowledgement: a replay is done only when it is on the topic.
	 */
	private void publish(long id, ProducerRecord<Object, Object> record) {
		try {
			this.kafka.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while replaying dead letter " + id, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			// The operator gets the code only; why Kafka refused is for the logs.
			log.warn("Kafka did not acknowledge the replay of dead letter {}: {}", id, ex.toString());
			throw new ReplayFailedException(id, ex);
		}
	}

	static String target(long id) {
		return "dead-letter:" + id;
	}

	/**
	 * What a replay of letter {@code id} would send now, asked without changing anything:
	 * a letter neither discarded, replayed nor superseded, that the replica has not
	 * overtaken, whose record verifies under the registry's keys.
	 */
	private boolean wouldSend(long id) {
		DeadLetter letter = this.deadLetters.find(id).orElse(null);
		if (letter == null || letter.status() != DeadLetterStatus.PENDING) {
			return false;
		}
		if (letter.nik() != null && letter.eventVersion() != null
				&& letter.reasonCode() != DeadLetterReason.SIGNATURE_INVALID
				&& this.jdbc.sql("SELECT count(*) FROM replica_resident WHERE nik = ? AND version >= ?")
					.params(letter.nik(), letter.eventVersion())
					.query(Long.class)
					.single() > 0) {
			return false;
		}
		ProducerRecord<Object, Object> record = replayRecord(letter);
		return this.signatures.verify(this.signedFor, keyBytes(record), original(record),
				record.headers()) == EventVerifier.Outcome.VALID;
	}

	/**
	 * @param dryRun nothing was sent
	 * @param matched dead letters the filter selects (discarded ones excluded)
	 * @param replayed dead letters sent back
	 * @param ids the matched ids
	 * @param sent the ids sent back; for a dry run, the ids a replay would send now (not
	 * replayed, superseded or overtaken, and signed by the registry)
	 */
	record BulkReplay(boolean dryRun, int matched, int replayed, List<Long> ids, List<Long> sent) {
	}

}
