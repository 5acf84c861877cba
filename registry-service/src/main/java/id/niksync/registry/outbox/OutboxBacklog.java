package id.niksync.registry.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import id.niksync.schemas.registry.OutboxStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the relay is behind: what operators watch to know events are leaving the
 * registry.
 */
@Component
class OutboxBacklog {

	private final JdbcClient jdbc;

	private final Clock clock;

	OutboxBacklog(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		Gauge.builder("niksync.outbox.pending", this, (b) -> b.pendingCount())
			.description("Outbox rows not yet acknowledged by Kafka")
			.register(meters);
		Gauge.builder("niksync.outbox.oldest.pending.age", this, (b) -> b.oldestPendingAgeSeconds())
			.description("Age of the oldest pending outbox row")
			.baseUnit("seconds")
			.register(meters);
	}

	OutboxStatus snapshot() {
		return this.jdbc.sql("""
				SELECT (SELECT count(*) FROM outbox) AS pending,
				       (SELECT min(occurred_at) FROM outbox) AS oldest_pending,
				       last_published_id AS last_published, published_total
				FROM outbox_relay_stats""").query((rs, n) -> {
			Timestamp oldest = rs.getTimestamp("oldest_pending");
			Instant oldestAt = (oldest != null) ? oldest.toInstant() : null;
			return new OutboxStatus(rs.getLong("pending"), oldestAt,
					(oldestAt != null) ? Duration.between(oldestAt, this.clock.instant()).toMillis() / 1000.0 : 0,
					rs.getObject("last_published", Long.class), rs.getLong("published_total"));
		}).single();
	}

	private double pendingCount() {
		return this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
	}

	private double oldestPendingAgeSeconds() {
		Timestamp oldest = this.jdbc.sql("SELECT min(occurred_at) FROM outbox")
			.query(Timestamp.class)
			.optional()
			.orElse(null);
		return (oldest != null) ? Duration.between(oldest.toInstant(), this.clock.instant()).toMillis() / 1000.0 : 0;
	}

}
