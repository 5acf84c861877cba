package id.niksync.registry.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.testsupport.EmbeddedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backlog {@code /ops/outbox} reports, read from a real outbox (PostgreSQL, the
 * registry's migrations) with no relay to publish it: exact up to the limit, an upper
 * bound flagged as estimated above it.
 */
class OutboxBacklogCountIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	private static final int LIMIT = 100;

	private JdbcClient jdbc;

	private SimpleMeterRegistry meters;

	private OutboxBacklog backlog;

	@BeforeEach
	void freshOutbox() {
		String url = EmbeddedPostgres.newDatabase();
		DriverManagerDataSource owner = new DriverManagerDataSource(url, EmbeddedPostgres.OWNER.name(),
				EmbeddedPostgres.OWNER.password());
		Flyway.configure().dataSource(owner).locations("classpath:db/registry").load().migrate();
		this.jdbc = JdbcClient.create(owner);
		this.meters = new SimpleMeterRegistry();
		this.backlog = new OutboxBacklog(this.jdbc, Clock.fixed(NOW, ZoneOffset.UTC), this.meters, LIMIT);
	}

	@Test
	void nothingPending() {
		OutboxStatus status = this.backlog.snapshot();

		assertThat(status.pending()).isZero();
		assertThat(status.pendingEstimated()).isFalse();
		assertThat(status.oldestPendingAt()).isNull();
		assertThat(status.oldestPendingAgeSeconds()).isZero();
	}

	@Test
	void countsExactlyUpToTheLimitAndFindsTheOldestAmongThem() {
		// ids 1..100, each a second younger than the last, but for id 60: the oldest
		pending(1, LIMIT);
		this.jdbc.sql("UPDATE outbox SET occurred_at = ? WHERE id = 60")
			.param(Timestamp.from(NOW.minusSeconds(5000)))
			.update();

		OutboxStatus status = this.backlog.snapshot();

		assertThat(status.pending()).isEqualTo(LIMIT);
		assertThat(status.pendingEstimated()).isFalse();
		assertThat(status.oldestPendingAt()).isEqualTo(NOW.minusSeconds(5000));
		assertThat(status.oldestPendingAgeSeconds()).isEqualTo(5000.0);
		assertThat(this.meters.get("niksync.outbox.pending").gauge().value()).isEqualTo(LIMIT);
		assertThat(this.meters.get("niksync.outbox.oldest.pending.age").gauge().value()).isEqualTo(5000.0);
	}

	@Test
	void aboveTheLimitEstimatesFromTheChangeSeqsAndNeverUndercounts() {
		// 1..150 pending, then a gap (rolled back, or published), then 301..400
		pending(1, 150);
		pending(301, 400);

		OutboxStatus status = this.backlog.snapshot();

		// the first 100 counted, then changeSeqs 101..400: 100 + 300
		assertThat(status.pendingEstimated()).isTrue();
		assertThat(status.pending()).isEqualTo(400);
		assertThat(status.oldestPendingAt()).isEqualTo(NOW.minusSeconds(1000));
	}

	@Test
	void oneAboveTheLimitAndNothingAfterItIsCountedExactly() {
		pending(1, LIMIT + 1);

		OutboxStatus status = this.backlog.snapshot();

		assertThat(status.pending()).isEqualTo(LIMIT + 1);
		assertThat(status.pendingEstimated()).isFalse();
	}

	@Test
	void aboveTheLimitWithoutGapsTheEstimateIsTheCount() {
		// published rows gone from the low end, as the relay leaves them
		pending(1, 1000);
		this.jdbc.sql("DELETE FROM outbox WHERE id <= 400").update();

		OutboxStatus status = this.backlog.snapshot();

		assertThat(status.pendingEstimated()).isTrue();
		assertThat(status.pending()).isEqualTo(600);
		assertThat(status.oldestPendingAt()).isEqualTo(NOW.minusSeconds(1000 - 400));
	}

	/** Rows {@code from..to}; row {@code id} was written {@code 1000 - id + 1} s ago. */
	private void pending(int from, int to) {
		this.jdbc.sql("""
				INSERT INTO outbox (id, event_id, nik, version, change_type, payload, occurred_at)
				SELECT g, gen_random_uuid(), lpad(g::text, 16, '3'), 1, 'CREATED', '\\x00'::bytea,
				       ?::timestamptz - (1001 - g) * interval '1 second'
				FROM generate_series(?, ?) g""").params(Timestamp.from(NOW), from, to).update();
	}

}
