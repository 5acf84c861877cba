package id.niksync.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;

class SharedHealthCheckTests {

	private final AtomicInteger checks = new AtomicInteger();

	@Test
	void probesThatComeTogetherShareOneCheckAndAllHearItsAnswer() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SharedHealthCheck health = new SharedHealthCheck("test-health", () -> {
			this.checks.incrementAndGet();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Health.up().build();
		}, Duration.ofSeconds(10));
		ExecutorService probes = Executors.newFixedThreadPool(20);
		try {
			List<CompletableFuture<Health>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				answers.add(CompletableFuture.supplyAsync(health::health, probes));
			}
			Thread.sleep(300);
			release.countDown();
			for (CompletableFuture<Health> answer : answers) {
				assertThat(answer.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
			}
		}
		finally {
			probes.shutdownNow();
		}
		assertThat(this.checks).hasValue(1);
		// a probe after the answer asks again
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void aCheckThatFailsIsDownWithItsException() {
		SharedHealthCheck health = new SharedHealthCheck("test-health", () -> {
			throw new IllegalStateException("no database");
		}, Duration.ofSeconds(10));
		Health probe = health.health();
		assertThat(probe.getStatus()).isEqualTo(Status.DOWN);
		assertThat(probe.getDetails().get("error").toString()).contains("no database");
	}

}
