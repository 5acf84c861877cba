package id.niksync.sync.partner;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.InstitutionType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * The order lookups read the replica in: at most the configured number at once, the next
 * one as soon as a turn is free, and one that waited the turn wait without one rather
 * than not at all, unless {@code max-reads} read already; a cancelled read is a 503; and
 * at most {@code max-version-waits} lookups wait for a {@code minVersion}.
 */
class LookupTurnsTests {

	private static final String NIK = "3511014506900903";

	private static final AuthenticatedInstitution BANK = new AuthenticatedInstitution(1, "Bank", InstitutionType.BANK,
			1000, "key", Set.of());

	private final HeldReads replica = new HeldReads();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ExecutorService clients = Executors.newCachedThreadPool();

	private ReplicaReads reads;

	@AfterEach
	void releaseEveryRead() {
		this.replica.open.countDown();
		this.clients.shutdownNow();
	}

	@Test
	void aLookupBeyondTheTurnsReadsWhenATurnIsFree() throws Exception {
		ResidentLookup lookups = lookups(2, Duration.ofSeconds(30));
		List<Future<?>> answers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			answers.add(this.clients.submit(() -> lookup(lookups)));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.replica.reading.get() == 2);
		Thread.sleep(300);
		assertThat(this.replica.reading).as("reads at once").hasValue(2);
		assertThat(this.reads.freeTurns()).isZero();

		this.replica.open.countDown();
		for (Future<?> answer : answers) {
			answer.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.replica.reads).hasValue(3);
		assertThat(this.reads.freeTurns()).as("every turn given back").isEqualTo(2);
		assertThat(turnTimeouts()).isZero();
	}

	@Test
	void aLookupThatWaitedTheTurnWaitReadsWithoutATurn() throws Exception {
		ResidentLookup lookups = lookups(1, Duration.ofMillis(200));
		Future<?> first = this.clients.submit(() -> lookup(lookups));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.replica.reading.get() == 1);

		long started = System.nanoTime();
		Future<?> second = this.clients.submit(() -> lookup(lookups));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.replica.reading.get() == 2);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(turnTimeouts()).isEqualTo(1);
		this.replica.open.countDown();
		first.get(10, TimeUnit.SECONDS);
		second.get(10, TimeUnit.SECONDS);
		assertThat(this.reads.freeTurns()).as("a read without a turn gives none back").isEqualTo(1);
	}

	@Test
	void aReadThatFailsGivesItsTurnBack() {
		ResidentLookup lookups = lookups(1, Duration.ofSeconds(30));
		this.replica.failing = true;
		this.replica.open.countDown();

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> lookup(lookups));
		assertThat(this.reads.freeTurns()).isEqualTo(1);
	}

	@Test
	void aLookupBeyondMaxReadsIsRefusedBusyAfterTheTurnWait() throws Exception {
		ResidentLookup lookups = lookups(1, Duration.ofMillis(100), 2, 32);
		Future<?> inTurn = this.clients.submit(() -> lookup(lookups));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.replica.reading.get() == 1);
		Future<?> withoutTurn = this.clients.submit(() -> lookup(lookups));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.replica.reading.get() == 2);

		assertThatExceptionOfType(LookupsBusyException.class).isThrownBy(() -> lookup(lookups))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("LOOKUPS_BUSY"));
		assertThat(this.replica.reading).as("no third read").hasValue(2);
		assertThat(this.meters.counter("niksync.partner.lookup.busy").count()).isEqualTo(1);

		this.replica.open.countDown();
		inTurn.get(10, TimeUnit.SECONDS);
		withoutTurn.get(10, TimeUnit.SECONDS);
		assertThat(this.reads.freeTurns()).isEqualTo(1);
		assertThat(this.reads.freeExtraReads()).as("the read without a turn gave its place back").isEqualTo(1);
	}

	@Test
	void aReadCancelledForItsTimeoutIsA503AndGivesItsTurnBack() {
		ResidentLookup lookups = lookups(1, Duration.ofSeconds(30));
		this.replica.failure = new QueryTimeoutException("cancelled",
				new SQLException("canceling statement due to user request", "57014"));
		this.replica.open.countDown();

		assertThatExceptionOfType(LookupTimedOutException.class).isThrownBy(() -> lookup(lookups))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503));
		assertThat(this.reads.freeTurns()).isEqualTo(1);
	}

	@Test
	void anotherDatabaseFailureIsNotCalledATimeout() {
		ResidentLookup lookups = lookups(1, Duration.ofSeconds(30));
		this.replica.failure = new DataAccessResourceFailureException("gone", new SQLException("gone", "08006"));
		this.replica.open.countDown();

		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(() -> lookup(lookups));
	}

	@Test
	void aLookupBeyondMaxVersionWaitsReadsOnceWithoutWaiting() throws Exception {
		ResidentLookup lookups = lookups(4, Duration.ofMillis(100), 12, 1);
		this.replica.open.countDown();
		// the replica never reaches version 5: this one waits min-version-wait (30 s)
		Future<?> waiting = this.clients.submit(() -> lookupAtVersion(lookups, 5));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.replica.versionReads.get() >= 2);

		Future<?> beyond = this.clients.submit(() -> lookupAtVersion(lookups, 5));
		beyond.get(10, TimeUnit.SECONDS);

		assertThat(waiting).as("the first still waits").isNotDone();
		assertThat(this.meters.counter("niksync.partner.lookup.version.waits.refused").count()).isEqualTo(1);
		waiting.cancel(true);
	}

	private ResidentLookup lookups(int concurrency, Duration turnWait) {
		return lookups(concurrency, turnWait, concurrency + 8, 32);
	}

	private ResidentLookup lookups(int concurrency, Duration turnWait, int maxReads, int maxVersionWaits) {
		PartnerProperties properties = new PartnerProperties(Map.of(), Duration.ofSeconds(30), Duration.ofMillis(50),
				1000, DataSize.ofMegabytes(1),
				new PartnerProperties.RateLimit(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1),
						Duration.ofSeconds(5)),
				new PartnerProperties.Lookup(concurrency, turnWait, maxReads, Duration.ofSeconds(2), maxVersionWaits),
				32);
		this.reads = new ReplicaReads(properties, this.meters);
		// audits the answers that say the NIK is not there, or behind
		return new ResidentLookup(this.replica, this.reads, mock(PartnerAudit.class), properties, this.meters);
	}

	/** Behind (not on the replica): answered 409 REPLICA_BEHIND. */
	private static Void lookupAtVersion(ResidentLookup lookups, long minVersion) {
		try {
			lookups.lookup(BANK, NIK, "test", String.valueOf(minVersion));
		}
		catch (ReplicaBehindException expected) {
			// the read happened
		}
		return null;
	}

	/** Not on the (held) replica: answered by the exception, after the read. */
	private static Void lookup(ResidentLookup lookups) {
		try {
			lookups.lookup(BANK, NIK, "test", null);
		}
		catch (ResidentNotFoundException expected) {
			// the read happened
		}
		return null;
	}

	private double turnTimeouts() {
		return this.meters.counter("niksync.partner.lookup.turn.timeouts").count();
	}

	/** A replica whose reads wait until it is opened. */
	private static final class HeldReads extends ReplicaResidents {

		final CountDownLatch open = new CountDownLatch(1);

		final AtomicInteger reading = new AtomicInteger();

		final AtomicInteger reads = new AtomicInteger();

		final AtomicInteger versionReads = new AtomicInteger();

		volatile boolean failing;

		volatile RuntimeException failure;

		HeldReads() {
			super(new JdbcTemplate(new SimpleDriverDataSource()),
					new PartnerProperties(Map.of(), Duration.ofSeconds(2), Duration.ofMillis(100), 1000,
							DataSize.ofMegabytes(1), null,
							new PartnerProperties.Lookup(1, Duration.ZERO, 1, Duration.ofSeconds(2), 0), 32));
		}

		@Override
		long version(String nik) {
			this.versionReads.incrementAndGet();
			return 0;
		}

		@Override
		Optional<ReplicaResident> find(String nik) {
			this.reading.incrementAndGet();
			try {
				this.open.await(30, TimeUnit.SECONDS);
				if (this.failing) {
					throw new IllegalStateException("the read failed");
				}
				if (this.failure != null) {
					throw this.failure;
				}
				this.reads.incrementAndGet();
				return Optional.empty();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				this.reading.decrementAndGet();
			}
		}

	}

}
