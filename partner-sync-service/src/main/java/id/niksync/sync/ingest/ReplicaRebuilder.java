package id.niksync.sync.ingest;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import id.niksync.identity.Nik;
import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.signing.EventVerifier;
import id.niksync.sync.reconcile.ReplicaCompleteness;
import id.niksync.sync.replica.ReplicaRecord;
import id.niksync.sync.replica.ReplicaLockWaits;
import id.niksync.sync.system.UnexpectedError;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the replica from {@code nik-changes}, a compacted changelog holding every
 * NIK's latest full state (never from the replay topic: a replay is a copy of a record
 * still on {@code nik-changes}, or of one a newer record there replaced). A consumer of
 * its own (no group, no commits) reads each partition from its start to where the topic
 * ended when the rebuild began, and applies through the same signature check, version
 * check and breaker as ingestion, which goes on meanwhile: each NIK ends at the newest
 * version either path brings. Records that cannot be applied (not signed by the registry,
 * undecodable, refused) are skipped and counted (ingestion dead-lettered them when they
 * first came).
 * <p>
 * Started by an operator ({@code POST /ops/replica/rebuilds}) or by the service itself
 * when the replica is empty, or holds far fewer residents than the registry
 * ({@link ReplicaCompleteness}), although the ingest group has consumed records. The
 * instance holding the rebuild's lease runs it, saving its position every second; if it
 * dies another instance, or its restart, goes on from there.
 */
@Component
public class ReplicaRebuilder implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplicaRebuilder.class);

	private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

	private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	private final Rebuilds rebuilds;

	private final ReplicaCircuit circuit;

	private final NikChangedCodec codec;

	private final EventVerifier signatures;

	private final ReplicaCompleteness completeness;

	private final JdbcClient jdbc;

	private final ReplicaLockWaits lockWaits;

	private final RebuildProperties settings;

	private final IngestProperties ingest;

	private final String topic;

	private final String group;

	private final Map<String, Object> adminConfig;

	private final Map<String, Object> consumerConfig;

	private final Clock clock;

	private volatile boolean running;

	private ScheduledExecutorService executor;

	private final Object adminLock = new Object();

	private Admin admin;

	ReplicaRebuilder(Rebuilds rebuilds, ReplicaCircuit circuit, NikChangedCodec codec, EventVerifier signatures,
			ReplicaCompleteness completeness, JdbcClient jdbc, ReplicaLockWaits lockWaits, RebuildProperties settings,
			IngestProperties ingest, TopicProperties topic, KafkaAdmin kafkaAdmin, ConsumerFactory<?, ?> consumers,
			Clock clock) {
		this.rebuilds = rebuilds;
		this.circuit = circuit;
		this.codec = codec;
		this.signatures = signatures;
		this.completeness = completeness;
		this.jdbc = jdbc;
		this.lockWaits = lockWaits;
		this.settings = settings;
		this.ingest = ingest;
		this.topic = topic.name();
		this.group = (String) consumers.getConfigurationProperties().get(ConsumerConfig.GROUP_ID_CONFIG);
		this.adminConfig = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		this.consumerConfig = rebuildConsumerConfig(consumers.getConfigurationProperties());
		this.clock = clock;
	}

	/** Same brokers, security and deserializers as ingestion; no group, no commits. */
	private static Map<String, Object> rebuildConsumerConfig(Map<String, Object> consumerConfig) {
		Map<String, Object> config = new HashMap<>(consumerConfig);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "niksync-rebuild");
		return config;
	}

	/**
	 * An operator's rebuild: from the start of every partition to where the topic ends
	 * now.
	 * @throws Rebuilds.RebuildRunningException when one is running already
	 */
	public Rebuild request(String operator, String reason) {
		Rebuild rebuild = this.rebuilds.startByOperator(operator, reason, topicState().offsets());
		log.info("Rebuild {} of the replica requested by {}: {} record(s) to read", rebuild.id(), operator,
				rebuild.recordsToRead());
		ScheduledExecutorService executor = this.executor;
		if (executor != null) {
			executor.execute(this::tick);
		}
		return rebuild;
	}

	/** Runs a rebuild this instance may take, or starts one if the replica needs it. */
	void tick() {
		if (!this.running) {
			return;
		}
		try {
			Optional<Rebuild> claimed = this.rebuilds.claim(this.owner, this.settings.lease());
			if (claimed.isPresent()) {
				run(claimed.get());
				return;
			}
			if (this.settings.auto() && this.rebuilds.latest().map((r) -> !r.running()).orElse(true)
					&& startIfNeeded()) {
				this.rebuilds.claim(this.owner, this.settings.lease()).ifPresent(this::run);
			}
		}
		catch (RuntimeException ex) {
			// the database or the broker is away: the next tick tries again
			log.debug("Rebuild check not done: {}", ex.toString());
		}
		catch (Error ex) {
			// Escaping, it would cancel every later tick: no rebuild would run again
			// here. A rebuild it cut short goes on from its last saved position.
			log.error("Rebuild check failed unexpectedly", ex);
		}
	}

	/** Starts an automatic rebuild when the replica lacks what the group consumed. */
	boolean startIfNeeded() {
		TopicState state = topicState();
		long consumed = state.consumed();
		if (consumed == 0) {
			return false;
		}
		String trigger = null;
		String reason = null;
		Optional<Rebuild> last = this.rebuilds.lastCompleted();
		if (replicaEmpty()) {
			trigger = "EMPTY_REPLICA";
			reason = "The replica holds no resident, although the ingest group has consumed %d record(s)"
				.formatted(consumed);
		}
		else {
			Instant lastEnded = last.map(Rebuild::finishedAt).orElse(Instant.EPOCH);
			Optional<ReplicaCompleteness.Count> count = this.completeness.latest()
				.filter((c) -> c.at().isAfter(lastEnded))
				.filter((c) -> c.incomplete(this.completeness.incompleteBelow()));
			if (count.isPresent()) {
				trigger = "REPLICA_INCOMPLETE";
				reason = "The replica holds %d of the registry's %d residents".formatted(count.get().replicaResidents(),
						count.get().registryResidents());
			}
		}
		if (trigger == null) {
			return false;
		}
		// Not again soon after a rebuild that read everything the group has consumed,
		// unless the replica is empty although that rebuild applied records: then it
		// was emptied since (a second wipe), not left short by the topic.
		boolean emptiedSince = "EMPTY_REPLICA".equals(trigger) && last.isPresent() && last.get().recordsApplied() > 0;
		if (!emptiedSince && last.isPresent() && last.get().finishedAt() != null
				&& last.get().finishedAt().isAfter(this.clock.instant().minus(this.settings.cooldown()))
				&& state.coveredBy(last.get())) {
			// the verdict says so (REPLICA_INCOMPLETE) rather than an old count
			this.completeness.checkSoon();
			log.debug("{}, but rebuild {} read everything the group has consumed {} ago: not again yet", reason,
					last.get().id(), Duration.between(last.get().finishedAt(), this.clock.instant()));
			return false;
		}
		try {
			Rebuild rebuild = this.rebuilds.startBySystem(trigger, reason, state.offsets());
			log.warn("{}: rebuilding it from {} ({} record(s) to read, rebuild {})", reason, this.topic,
					rebuild.recordsToRead(), rebuild.id());
			return true;
		}
		catch (Rebuilds.RebuildRunningException ex) {
			return false;
		}
	}

	/**
	 * Behind a lock on the replica (an {@code ALTER TABLE}, a {@code VACUUM FULL}) the
	 * check gives up after {@link ReplicaLockWaits#WAIT}, its connection back in the
	 * pool, and the next tick asks again, rather than waiting for the driver's socket
	 * timeout (a minute). A check that takes long without waiting (over dead rows VACUUM
	 * has not removed yet) runs to its end.
	 */
	private boolean replicaEmpty() {
		return this.lockWaits.bounded(() -> Boolean.TRUE
			.equals(this.jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM replica_resident)").query(Boolean.class).single()));
	}

	private void run(Rebuild rebuild) {
		Instant started = this.clock.instant();
		Progress progress = new Progress(rebuild);
		List<TopicPartition> todo = rebuild.partitions()
			.stream()
			.filter((p) -> !p.done())
			.map((p) -> new TopicPartition(this.topic, p.partition()))
			.toList();
		log.info("Rebuild {}: reading {} partition(s) of {} from {}% on", rebuild.id(), todo.size(), this.topic,
				rebuild.percent());
		if (todo.isEmpty()) {
			// Nothing to read (an empty topic, every record expired, or read to the end
			// by an instance that stopped before completing it): a consumer assigned
			// nothing cannot poll, and the rebuild would stay RUNNING, refusing any
			// other.
			completed(rebuild, progress, started);
			return;
		}
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(this.consumerConfig)) {
			consumer.assign(todo);
			todo.forEach((tp) -> consumer.seek(tp, progress.positions[tp.partition()]));
			Instant saved = this.clock.instant();
			while (this.running) {
				List<ReplicaRecord> changes = new ArrayList<>();
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.offset() >= progress.ends[record.partition()]) {
						continue;
					}
					progress.read++;
					try {
						NikChangesListener.checkSignature(this.signatures, this.topic, record);
						changes.add(EventMapper.toReplica(record.key(), this.codec.decode(record.value())));
					}
					catch (RuntimeException | StackOverflowError thrown) {
						// a stack overflow is the record's, as in ingestion
						// (UnexpectedError)
						RuntimeException ex = UnexpectedError.of(thrown);
						progress.skipped++;
						log.warn("Rebuild {}: skipped {}-{}@{} ({}: {})", rebuild.id(), record.topic(),
								record.partition(), record.offset(), FailureClassifier.reasonFor(ex).code(),
								IngestConfiguration.masked(ex.getMessage()));
					}
				}
				if (!apply(rebuild.id(), changes, progress)) {
					break;
				}
				List<TopicPartition> done = new ArrayList<>();
				for (TopicPartition tp : consumer.assignment()) {
					int p = tp.partition();
					progress.positions[p] = Math.min(consumer.position(tp), Math.max(progress.ends[p], 0));
					if (progress.positions[p] >= progress.ends[p]) {
						done.add(tp);
					}
				}
				if (!done.isEmpty()) {
					List<TopicPartition> left = new ArrayList<>(consumer.assignment());
					left.removeAll(done);
					consumer.assign(left);
				}
				if (consumer.assignment().isEmpty()) {
					completed(rebuild, progress, started);
					return;
				}
				if (Duration.between(saved, this.clock.instant()).compareTo(SAVE_EVERY) >= 0) {
					if (!this.rebuilds.progress(rebuild.id(), this.owner, this.settings.lease(), progress.positions,
							progress.read, progress.applied, progress.skipped)) {
						log.info("Rebuild {}: no longer this instance's (ended, or taken over)", rebuild.id());
						return;
					}
					saved = this.clock.instant();
				}
			}
			// stopping: save where it got to and let another instance take over at once
			this.rebuilds.progress(rebuild.id(), this.owner, Duration.ZERO, progress.positions, progress.read,
					progress.applied, progress.skipped);
		}
		catch (InterruptException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("Rebuild {} interrupted ({}); it goes on from its last saved position", rebuild.id(),
					ex.toString());
		}
	}

	private void completed(Rebuild rebuild, Progress progress, Instant started) {
		if (this.rebuilds.complete(rebuild.id(), this.owner, progress.positions, progress.read, progress.applied,
				progress.skipped)) {
			log.info("Rebuild {} completed in {} s: {} record(s) read, {} applied, {} skipped", rebuild.id(),
					Duration.between(started, this.clock.instant()).toSeconds(), progress.read, progress.applied,
					progress.skipped);
		}
		this.completeness.checkSoon();
	}

	/**
	 * Applies a poll's records, waiting out outages (the breaker steers, as for
	 * ingestion); a batch refused for a record's own sake is applied one record at a
	 * time, skipping those refused. False when stopping meanwhile.
	 */
	private boolean apply(long id, List<ReplicaRecord> changes, Progress progress) {
		if (changes.isEmpty()) {
			return true;
		}
		try {
			progress.applied += applyWaiting(changes);
			return true;
		}
		catch (StoppingException ex) {
			return false;
		}
		catch (RuntimeException ex) {
			for (ReplicaRecord change : changes) {
				try {
					progress.applied += applyWaiting(List.of(change));
				}
				catch (StoppingException stopping) {
					return false;
				}
				catch (RuntimeException refused) {
					progress.skipped++;
					log.warn("Rebuild {}: the replica refused a record of {} ({})", id, Nik.mask(change.nik()),
							refused.getClass().getSimpleName());
				}
			}
			return true;
		}
	}

	private int applyWaiting(List<ReplicaRecord> changes) {
		long backoff = this.ingest.backoffInitial().toMillis();
		while (true) {
			try {
				return this.circuit.apply(changes).applied();
			}
			catch (RuntimeException ex) {
				if (!FailureClassifier.isEnvironmental(ex)) {
					throw ex;
				}
				if (!this.running) {
					throw new StoppingException();
				}
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new StoppingException();
				}
				backoff = Math.min(backoff * 2, this.ingest.backoffMax().toMillis());
			}
		}
	}

	/** The topic's offsets and the ingest group's (package-private for tests). */
	TopicState topicState() {
		try {
			Admin admin = admin();
			List<TopicPartition> partitions = admin.describeTopics(List.of(this.topic))
				.allTopicNames()
				.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.get(this.topic)
				.partitions()
				.stream()
				.map((p) -> new TopicPartition(this.topic, p.partition()))
				.toList();
			Map<TopicPartition, OffsetAndMetadata> committed = (this.group != null)
					? admin.listConsumerGroupOffsets(this.group)
						.partitionsToOffsetAndMetadata()
						.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
					: Map.of();
			var starts = admin
				.listOffsets(partitions.stream()
					.collect(Collectors.toMap(Function.identity(), (p) -> OffsetSpec.earliest())))
				.all()
				.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			// The last stable offsets, as the rebuild's read_committed consumer can read
			// them: with the high watermarks, a transaction someone left open on the
			// topic
			// held the rebuild RUNNING for as long as it stayed open (up to the broker's
			// 15 min; attack run 2026-12-06). What such a transaction commits later is
			// ingestion's, as any record after the rebuild's start.
			var ends = admin
				.listOffsets(
						partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> OffsetSpec.latest())),
						new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
				.all()
				.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			int count = partitions.stream().mapToInt(TopicPartition::partition).max().orElse(-1) + 1;
			long[] start = new long[count];
			long[] end = new long[count];
			long[] commit = new long[count];
			for (TopicPartition tp : partitions) {
				start[tp.partition()] = starts.get(tp).offset();
				end[tp.partition()] = ends.get(tp).offset();
				OffsetAndMetadata offset = committed.get(tp);
				commit[tp.partition()] = (offset != null) ? offset.offset() : 0;
			}
			return new TopicState(start, end, commit);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the offsets of " + this.topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Cannot read the offsets of " + this.topic + ": " + ex, ex);
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replica-rebuild");
			thread.setDaemon(true);
			return thread;
		});
		warnUnlessCompacted();
		// Before ingestion starts (phase): an empty replica is seen as empty before the
		// first live record lands in it.
		if (this.settings.auto()) {
			try {
				startIfNeeded();
			}
			catch (RuntimeException ex) {
				log.warn("Could not check whether the replica needs a rebuild ({}); checking again every {}",
						ex.toString(), this.settings.checkInterval());
			}
		}
		this.executor.scheduleWithFixedDelay(this::tick, 0, this.settings.checkInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * A topic created before it became a compacted changelog keeps deleting records after
	 * its retention: a rebuild then misses every NIK unchanged for longer.
	 */
	private void warnUnlessCompacted() {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, this.topic);
		try {
			Config config = admin().describeConfigs(List.of(resource))
				.all()
				.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.get(resource);
			ConfigEntry policy = (config != null) ? config.get(TopicConfig.CLEANUP_POLICY_CONFIG) : null;
			if (policy != null && !"compact".equals(policy.value())) {
				log.warn("Topic {} has cleanup.policy={}, not compact: a rebuild of the replica misses every NIK whose"
						+ " last change has been deleted. Change it once (README, \"Rebuilding the replica\"): "
						+ "kafka-configs.sh --alter --entity-type topics --entity-name {} --add-config cleanup.policy=compact",
						this.topic, policy.value(), this.topic);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			log.debug("Could not read the settings of {}: {}", this.topic, ex.toString());
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.executor != null) {
			this.executor.shutdown();
			try {
				if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
					this.executor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
		synchronized (this.adminLock) {
			if (this.admin != null) {
				this.admin.close(Duration.ofSeconds(1));
				this.admin = null;
			}
		}
	}

	/**
	 * One admin client for every check (every {@code check-interval}), not a new one with
	 * its connections each time.
	 */
	private Admin admin() {
		synchronized (this.adminLock) {
			if (this.admin == null) {
				this.admin = Admin.create(this.adminConfig);
			}
			return this.admin;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** Before the listener containers ({@code Integer.MAX_VALUE - 100}), stops after. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	/** Offsets per partition (index = partition) as the broker has them now. */
	record TopicState(long[] starts, long[] ends, long[] committed) {

		Rebuilds.Offsets offsets() {
			return new Rebuilds.Offsets(this.starts, this.ends);
		}

		/** Records the group has consumed that are still on the topic. */
		long consumed() {
			long sum = 0;
			for (int p = 0; p < this.ends.length; p++) {
				sum += Math.max(0, this.committed[p] - this.starts[p]);
			}
			return sum;
		}

		/** Whether {@code rebuild} read at least as far as the group has consumed. */
		boolean coveredBy(Rebuild rebuild) {
			for (int p = 0; p < this.committed.length; p++) {
				long reached = (p < rebuild.partitions().size()) ? rebuild.partitions().get(p).position() : 0;
				if (this.committed[p] > reached) {
					return false;
				}
			}
			return true;
		}

	}

	private static final class Progress {

		final long[] ends;

		final long[] positions;

		long read;

		long applied;

		long skipped;

		Progress(Rebuild rebuild) {
			this.ends = rebuild.partitions().stream().mapToLong(Rebuild.Partition::endOffset).toArray();
			this.positions = rebuild.partitions().stream().mapToLong(Rebuild.Partition::position).toArray();
			this.read = rebuild.recordsRead();
			this.applied = rebuild.recordsApplied();
			this.skipped = rebuild.recordsSkipped();
		}

	}

	private static final class StoppingException extends RuntimeException {

		StoppingException() {
			super(null, null, false, false);
		}

	}

}
