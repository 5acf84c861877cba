package id.niksync.sync.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import id.niksync.sync.ingest.ReplicaFreshness;
import id.niksync.sync.lag.VerdictRules.LagPoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import org.springframework.stereotype.Component;

/**
 * The window of recent samples: the latest verdict, the history the trend rules and the
 * dashboard's charts read, and the Prometheus gauges that carry the same figures. A last
 * sample older than {@link #staleAfter} is not the verdict any more: sampling has stopped
 * working (each failed sample is logged), and the verdict says {@code ERROR
 * SAMPLES_STOPPED} rather than the last word, which may be OK.
 */
@Component
public class SyncHealth {

	private final Duration window;

	private final Duration staleAfter;

	private final Clock clock;

	private final ReplicaFreshness freshness;

	private final Deque<LagSample> samples = new ArrayDeque<>();

	private final MultiGauge offsetLag;

	private final MultiGauge timeLag;

	private final MultiGauge deadLettersPending;

	private volatile LagSample latest;

	SyncHealth(LagProperties settings, ReplicaFreshness freshness, MeterRegistry meters, Clock clock) {
		this.window = settings.window();
		this.staleAfter = staleAfter(settings);
		this.clock = clock;
		this.freshness = freshness;
		this.offsetLag = MultiGauge.builder("niksync.lag.offsets")
			.description("Records published but not yet consumed, per topic and partition")
			.register(meters);
		this.timeLag = MultiGauge.builder("niksync.lag.seconds")
			.description("Age of the oldest unconsumed record, per topic and partition")
			.register(meters);
		this.deadLettersPending = MultiGauge.builder("niksync.dead.letters.pending")
			.description("Pending dead letters, by reason")
			.register(meters);
		Gauge.builder("niksync.sync.verdict", this, (h) -> h.latestValue((s) -> h.verdictOf(s).status().code()))
			.description("0 OK, 1 WARN, 2 STALLED, 3 STOPPED, 4 ERROR, 5 REBUILDING")
			.register(meters);
		Gauge.builder("niksync.registry.outbox.pending", this, (h) -> h.latestValue((s) -> s.outbox().pending()))
			.description(
					"Registry outbox rows not yet acknowledged by Kafka (an upper bound above 10,000; absent while unreachable)")
			.register(meters);
		Gauge
			.builder("niksync.registry.outbox.oldest.age.seconds", this,
					(h) -> h.latestValue((s) -> s.outbox().oldestPendingAgeSeconds()))
			.description("How long the registry's oldest pending outbox row has waited")
			.register(meters);
		Gauge
			.builder("niksync.registry.reachable", this,
					(h) -> h.latestValue((s) -> s.outbox().registryReachable() ? 1 : 0))
			.description("1 when the registry answered the last outbox read")
			.register(meters);
	}

	synchronized void add(LagSample sample) {
		this.samples.addLast(sample);
		while (this.samples.getFirst().at().isBefore(sample.at().minus(this.window))) {
			this.samples.removeFirst();
		}
		this.latest = sample;
		this.offsetLag.register(
				sample.partitions().stream().map((p) -> MultiGauge.Row.of(tags(p), p.offsetLag())).toList(), true);
		this.timeLag.register(sample.partitions()
			.stream()
			.filter((p) -> p.timeLagSeconds() != null)
			.map((p) -> MultiGauge.Row.of(tags(p), p.timeLagSeconds()))
			.toList(), true);
		this.deadLettersPending.register(sample.deadLetters()
			.byReason()
			.entrySet()
			.stream()
			.map((e) -> MultiGauge.Row.of(Tags.of("reason", e.getKey().code()), e.getValue()))
			.toList(), true);
	}

	/** A partition of {@code nik-changes} or of the replay topic. */
	private static Tags tags(PartitionLag partition) {
		return Tags.of("topic", partition.topic(), "partition", String.valueOf(partition.partition()));
	}

	/** Total lag per sample in the window, oldest first. */
	synchronized List<LagPoint> lagHistory() {
		return this.samples.stream().map((s) -> new LagPoint(s.at(), s.offsetLag())).toList();
	}

	public SyncHealthReport report() {
		List<SyncHealthReport.Point> points;
		synchronized (this) {
			points = this.samples.stream().map(LagSample::point).toList();
		}
		LagSample last = this.latest;
		if (last == null) {
			return new SyncHealthReport(new Verdict(Verdict.Status.UNKNOWN, "NO_SAMPLE", "No sample taken yet"), null,
					List.of(), new SyncHealthReport.Totals(0, 0), freshness(), null, points, null, null, List.of(),
					null, null, null);
		}
		return new SyncHealthReport(verdictOf(last), last.at(), last.partitions(),
				new SyncHealthReport.Totals(last.offsetLag(), last.maxTimeLagSeconds()), freshness(), last.outbox(),
				points, last.deadLetters(), last.replicaDatabase(), last.stuck(), last.rebuild(), last.residents(),
				last.consumer());
	}

	SyncHealthReport.Freshness freshness() {
		HistogramSnapshot snapshot = this.freshness.snapshot();
		return new SyncHealthReport.Freshness(percentile(snapshot, 0.5), percentile(snapshot, 0.95),
				percentile(snapshot, 0.99), snapshot.max(TimeUnit.SECONDS), snapshot.count());
	}

	static double percentile(HistogramSnapshot snapshot, double percentile) {
		for (ValueAtPercentile value : snapshot.percentileValues()) {
			if (value.percentile() == percentile) {
				return value.value(TimeUnit.SECONDS);
			}
		}
		return 0;
	}

	/**
	 * Six sample intervals, at least a minute: a sample may wait out its reads' timeouts
	 * (the registry, the broker, the database) before it is taken.
	 */
	static Duration staleAfter(LagProperties settings) {
		Duration six = settings.sampleInterval().multipliedBy(6);
		return (six.compareTo(Duration.ofMinutes(1)) > 0) ? six : Duration.ofMinutes(1);
	}

	/** The sample's verdict, unless it is stale. */
	Verdict verdictOf(LagSample sample) {
		Duration age = Duration.between(sample.at(), this.clock.instant());
		if (age.compareTo(this.staleAfter) <= 0) {
			return sample.verdict();
		}
		return new Verdict(Verdict.Status.ERROR, "SAMPLES_STOPPED",
				"No sample for " + age.toSeconds() + " s: sampling fails (the log says why); the last sample said "
						+ sample.verdict().status() + " " + sample.verdict().code());
	}

	private double latestValue(Function<LagSample, Number> value) {
		LagSample last = this.latest;
		Number number = (last != null) ? value.apply(last) : null;
		return (number != null) ? number.doubleValue() : Double.NaN;
	}

}
