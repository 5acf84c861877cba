package id.niksync.registry.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import id.niksync.schemas.registry.OutboxStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the relay is behind: what operators watch to know events are leaving the
 * registry.
 *
 * <p>
 * Reads at most {@value #EXACT_UP_TO} pending rows (plus one), the first in changeSeq
 * order, and the newest changeSeq, on the primary key. Counting the whole outbox and
 * taking {@code min(occurred_at)} over it were two full scans: 700 ms per read with
 * 2,000,000 rows pending (PostgreSQL 15, warm cache), asked every 5 s by partner-sync,
 * whose outbox-timeout is 2 s, and by both gauges on each scrape: the read grew with the
 * backlog, and was slowest during the broker outage that builds one. What it still walks
 * is the relay's deleted rows at the low end of the key until VACUUM removes them (with
 * 1,000,000 of them, 331 ms once, then 7-14 ms: PostgreSQL marks the dead entries).
 * <ul>
 * <li>Up to {@value #EXACT_UP_TO} pending rows the count is exact. Above, it is the first
 * {@value #EXACT_UP_TO} plus the changeSeqs from the next pending row's to the newest,
 * and says it is estimated: an upper bound, as a changeSeq can be unused (a rolled-back
 * write, a sequence that skipped values after a crash) or already published (a write that
 * committed after higher changeSeqs had been).</li>
 * <li>The oldest pending row is the oldest among those first rows. A write takes its
 * time, then its changeSeqs, so a row further on is older than all of them only if its
 * write took longer between the two than those rows took to be written, or if registry
 * instances' clocks disagree by more.</li>
 * </ul>
 */
@Component
class OutboxBacklog {

	/** Pending rows counted exactly. */
	static final int EXACT_UP_TO = 10_000;

	private static final String SNAPSHOT = """
			WITH first AS (SELECT id, occurred_at FROM outbox ORDER BY id LIMIT ?)
			SELECT (SELECT count(*) FROM first) AS counted,
			       (SELECT max(id) FROM first) AS last_counted,
			       (SELECT min(occurred_at) FROM first) AS oldest_pending,
			       (SELECT max(id) FROM outbox) AS newest,
			       last_published_id AS last_published, published_total
			FROM outbox_relay_stats""";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int exactUpTo;

	@Autowired
	OutboxBacklog(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
		this(jdbc, clock, meters, EXACT_UP_TO);
	}

	OutboxBacklog(JdbcClient jdbc, Clock clock, MeterRegistry meters, int exactUpTo) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.exactUpTo = exactUpTo;
		Gauge.builder("niksync.outbox.pending", this, (b) -> b.snapshot().pending())
			.description("Outbox rows not yet acknowledged by Kafka (an upper bound above " + exactUpTo + ")")
			.register(meters);
		Gauge.builder("niksync.outbox.oldest.pending.age", this, (b) -> b.snapshot().oldestPendingAgeSeconds())
			.description("Age of the oldest pending outbox row")
			.baseUnit("seconds")
			.register(meters);
	}

	OutboxStatus snapshot() {
		return this.jdbc.sql(SNAPSHOT).param(this.exactUpTo + 1).query((rs, n) -> {
			long counted = rs.getLong("counted");
			// the (limit + 1)th row the newest: all were counted
			boolean estimated = counted > this.exactUpTo && rs.getLong("newest") > rs.getLong("last_counted");
			long pending = estimated ? this.exactUpTo + rs.getLong("newest") - rs.getLong("last_counted") + 1 : counted;
			Timestamp oldest = rs.getTimestamp("oldest_pending");
			Instant oldestAt = (oldest != null) ? oldest.toInstant() : null;
			return new OutboxStatus(pending, estimated, oldestAt,
					(oldestAt != null) ? Duration.between(oldestAt, this.clock.instant()).toMillis() / 1000.0 : 0,
					rs.getObject("last_published", Long.class), rs.getLong("published_total"));
		}).single();
	}

}
