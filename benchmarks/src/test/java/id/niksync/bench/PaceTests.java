package id.niksync.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PaceTests {

	@Test
	void anOpenLoopDueTimeIsKOverTheRateFromTheStartAndTheClientWaitsForIt() {
		// 100/s for 100 ms: requests 0 to 9, every 10 ms
		Pace pace = Pace.of(Duration.ofMillis(100), 100);
		long first = pace.awaitTurn(0);
		long sixth = pace.awaitTurn(5);
		assertThat(sixth - first).isEqualTo(50_000_000L);
		assertThat(System.nanoTime()).as("waited until it was due").isGreaterThanOrEqualTo(sixth);
		assertThat(pace.isOver(pace.awaitTurn(9))).isFalse();
		assertThat(pace.isOver(pace.awaitTurn(10))).as("due at the end: not sent").isTrue();
	}

	@Test
	void aLateClientCountsFromWhenItsRequestWasDueNotFromWhenItSentIt() throws InterruptedException {
		Pace pace = Pace.of(Duration.ofSeconds(10), 100);
		long first = pace.awaitTurn(0);
		Thread.sleep(50);
		// request 1 was due 10 ms after the first, 40 ms ago
		assertThat(pace.awaitTurn(1)).isEqualTo(first + 10_000_000L);
	}

	@Test
	void aClosedLoopSendsAtOnceUntilTheEnd() throws InterruptedException {
		Pace pace = Pace.of(Duration.ofMillis(50), 0);
		long before = System.nanoTime();
		long sent = pace.awaitTurn(1_000_000);
		assertThat(sent).isBetween(before, System.nanoTime());
		assertThat(pace.isOver(sent)).isFalse();
		Thread.sleep(60);
		assertThat(pace.isOver(pace.awaitTurn(1_000_001))).isTrue();
		assertThat(pace.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(60));
	}

	@Test
	void aPoolHandsTheNextRequestDueToWhicheverClientAsksEachClientItsOwnGetsEveryNth() {
		Pace pool = Pace.of(Duration.ofSeconds(1), 100, Pace.Dispatch.POOL);
		LongSupplier first = pool.turnsOf(0, 4);
		LongSupplier third = pool.turnsOf(2, 4);
		assertThat(List.of(first.getAsLong(), first.getAsLong(), third.getAsLong(), first.getAsLong()))
			.containsExactly(0L, 1L, 2L, 3L);
		Pace own = Pace.of(Duration.ofSeconds(1), 100, Pace.Dispatch.EACH_CLIENT);
		LongSupplier second = own.turnsOf(1, 4);
		LongSupplier fourth = own.turnsOf(3, 4);
		assertThat(List.of(second.getAsLong(), second.getAsLong(), fourth.getAsLong(), second.getAsLong()))
			.containsExactly(1L, 5L, 3L, 9L);
		assertThat(Pace.of(Duration.ofSeconds(1), 100).dispatch()).isEqualTo(Pace.Dispatch.POOL);
	}

	@Test
	void aNegativeRateIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pace.of(Duration.ofSeconds(1), -1))
			.withMessageContaining("-1");
	}

}
