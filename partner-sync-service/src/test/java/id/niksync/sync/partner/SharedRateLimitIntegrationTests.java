package id.niksync.sync.partner;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.InstitutionType;
import id.niksync.testsupport.DatabaseLink;
import id.niksync.testsupport.EmbeddedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two partner-sync instances' rate limits, each with its own connection pool, against one
 * replica database: together they hold an institution to its requests per second within
 * the stated bound (README, "Rate limits across instances"), and without the database
 * each limits on its own instead of waiting for it.
 */
@SyncIntegrationTest
class SharedRateLimitIntegrationTests {

	/** A lease that takes longer than 500 ms is given up on: the hung-database test. */
	private static final PartnerProperties.RateLimit SETTINGS = new PartnerProperties.RateLimit(Duration.ofMillis(100),
			Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1));

	/**
	 * The same with 2 s to lease: six threads hammering on two cores must not make a slow
	 * lease count as a database away (the test asserts no local decision).
	 */
	private static final PartnerProperties.RateLimit PATIENT = new PartnerProperties.RateLimit(Duration.ofMillis(100),
			Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));

	@Autowired
	TestRestTemplate http;

	@Value("${spring.datasource.url}")
	String replicaUrl;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
	}

	@Test
	void twoInstancesHammeredTogetherAdmitTheRateAndAtMostTwoBlocksMore() throws Exception {
		int rate = 50;
		int block = 5;
		AuthenticatedInstitution bank = institution(rate);
		List<Instance> instances = List.of(instance(this.replicaUrl, PATIENT), instance(this.replicaUrl, PATIENT));
		AtomicLong[] admitted = { new AtomicLong(), new AtomicLong() };
		AtomicLong refused = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(6);
		long started = System.nanoTime();
		long end = started + Duration.ofSeconds(4).toNanos();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			int which = t % 2;
			running.add(threads.submit(() -> {
				while (System.nanoTime() < end) {
					if (instances.get(which).limits().acquire(bank).isEmpty()) {
						admitted[which].incrementAndGet();
					}
					else {
						refused.incrementAndGet();
					}
					// a client sending about 5,000 requests a second
					LockSupport.parkNanos(1_000_000);
				}
			}));
		}
		for (Future<?> thread : running) {
			thread.get();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		threads.shutdown();

		long total = admitted[0].get() + admitted[1].get();
		double leases = instances.stream().mapToDouble(Instance::leases).sum();
		System.out.printf(
				"SHARED RATE LIMIT %d/s over %.2f s: admitted %d (a %d, b %d), refused %d, %.0f leases (%.1f per 1,000 admitted)%n",
				rate, seconds, total, admitted[0].get(), admitted[1].get(), refused.get(), leases,
				1000 * leases / total);
		// the bucket's burst (one second of the rate), the rate for the time taken, and
		// at most a block leased and not yet spent per instance
		assertThat(total).isLessThanOrEqualTo((long) Math.floor(rate * (seconds + 1)) + 2 * block);
		assertThat(total).as("about the rate, not far below").isGreaterThanOrEqualTo((long) (rate * seconds * 0.9));
		assertThat(admitted[0].get()).as("each instance admits some").isPositive();
		assertThat(admitted[1].get()).isPositive();
		assertThat(refused.get()).isPositive();
		assertThat(instances).allSatisfy((instance) -> assertThat(instance.localDecisions()).isZero());
		assertThat(leases).as("far from a round trip per request").isLessThan((total + refused.get()) / 20.0);
	}

	@Test
	void limitsOnItsOwnWithoutWaitingForAHungDatabaseAndSharesAgainOnceItAnswers() throws Exception {
		int rate = 20;
		AuthenticatedInstitution bank = institution(rate);
		DatabaseLink link = DatabaseLink.to(this.replicaUrl);
		this.opened.add(link);
		Instance instance = instance(link.url(this.replicaUrl), SETTINGS);
		assertThat(instance.limits().acquire(bank)).isEmpty();
		assertThat(instance.leases()).isEqualTo(1);

		link.hang();
		List<Optional<Duration>> answers = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < 3 * rate; i++) {
			answers.add(instance.limits().acquire(bank));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(took).as("one lease timeout, not the pool's or the socket's").isLessThan(Duration.ofSeconds(3));
		assertThat(answers.stream().filter(Optional::isEmpty).count()).as("the rate, by this instance alone")
			.isBetween((long) rate - 2, (long) rate + 2);
		assertThat(answers).filteredOn(Optional::isPresent).isNotEmpty();
		assertThat(instance.localDecisions()).isGreaterThanOrEqualTo(3 * rate - 1);

		link.resume();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			instance.limits().acquire(bank);
			assertThat(instance.leases()).isGreaterThan(1);
		});
	}

	private AuthenticatedInstitution institution(int rate) {
		TestPartners.Partner partner = TestPartners.register(this.http, "BANK", rate);
		return new AuthenticatedInstitution(partner.id(), "bank " + partner.id(), InstitutionType.BANK, rate,
				partner.keyId(), Set.of());
	}

	/**
	 * The limits of one partner-sync instance: a pool of its own, its connection open
	 * before the first lease, its own memory.
	 */
	private Instance instance(String url, PartnerProperties.RateLimit settings) throws SQLException {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(EmbeddedPostgres.APP.name());
		pool.setPassword(EmbeddedPostgres.APP.password());
		pool.setMaximumPoolSize(4);
		pool.setConnectionTimeout(1000);
		pool.setValidationTimeout(500);
		this.opened.add(pool);
		pool.getConnection().close();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PartnerRateLimits limits = new PartnerRateLimits(new RateBuckets(new JdbcTemplate(pool)), settings, meters,
				System::nanoTime);
		this.opened.add(limits::destroy);
		return new Instance(limits, meters);
	}

	private record Instance(PartnerRateLimits limits, SimpleMeterRegistry meters) {

		double localDecisions() {
			return this.meters.get("niksync.partner.rate.local-decisions").counter().count();
		}

		double leases() {
			return this.meters.get("niksync.partner.rate.leases")
				.counters()
				.stream()
				.mapToDouble((c) -> c.count())
				.sum();
		}

	}

}
