package id.niksync.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link CpuMeter} groups a JVM's threads by the names the kernel keeps for them (cut
 * at 15 characters), and what it reports between two snapshots.
 */
class CpuMeterTests {

	@Test
	void compilerAndCollectorThreadsAreGroupedAndAPoolCountsAsOne() {
		assertThat(CpuMeter.threadGroup("C2 CompilerThre")).isEqualTo("jit");
		assertThat(CpuMeter.threadGroup("C1 CompilerThre")).isEqualTo("jit");
		assertThat(CpuMeter.threadGroup("GC Thread#1")).isEqualTo("gc");
		assertThat(CpuMeter.threadGroup("G1 Conc#0")).isEqualTo("gc");
		assertThat(CpuMeter.threadGroup("G1 Refine#0")).isEqualTo("gc");
		// Tomcat's threads on 127.0.0.1: its request threads, poller and acceptor alike
		assertThat(List.of("http-nio-127.0.", "http-nio-8081-e").stream().map(CpuMeter::threadGroup))
			.containsExactly("http-nio-#.#.", "http-nio-#-e");
		assertThat(CpuMeter.threadGroup("nik-changes-ing")).isEqualTo("nik-changes-ing");
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsEachGroupsSecondsSinceTheFirstSnapshotLargestFirstWithoutTheSmallOnes() {
		Map<String, Map<String, Long>> before = Map.of("partner-sync-service",
				Map.of("jit", 1_000L, "nik-changes-ing", 50L, "gc", 20L));
		Map<String, Map<String, Long>> after = Map.of("partner-sync-service",
				Map.of("jit", 1_300L, "nik-changes-ing", 650L, "gc", 25L, "kafka-coordinat", 40L));

		Map<String, Object> seconds = CpuMeter.threadsSince(before, after);

		assertThat((Map<String, Object>) seconds.get("partner-sync-service")).containsExactly(
				Map.entry("nik-changes-ing", 6.0), Map.entry("jit", 3.0), Map.entry("kafka-coordinat", 0.4));
	}

}
