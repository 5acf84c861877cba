package id.niksync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.testsupport.Residents;
import org.HdrHistogram.Histogram;

/**
 * Partner lookups ({@code GET /partner/v1/residents/{nik}} with an API key, audited as in
 * production) by a fixed number of clients, each sending its next request when the last
 * one answered, for random residents on the replica. A warm-up precedes the measured
 * part.
 */
final class PartnerReadsPhase {

	/** The compilers' share of partner-sync's CPU under which it counts as warm. */
	static final double JIT_SHARE_WARM = 0.05;

	private PartnerReadsPhase() {
	}

	static Map<String, Object> run(Stack stack, Settings settings, Residents residents, Http http) throws Exception {
		JsonNode registered = http.send("POST", stack.syncUrl() + "/ops/institutions",
				"{\"name\":\"Bank Benchmark " + System.currentTimeMillis()
						+ "\",\"type\":\"BANK\",\"requestsPerSecond\":10000}",
				201, "Authorization", Http.basic(Stack.ADMIN, stack.adminPassword()));
		String authorization = "ApiKey " + registered.path("apiKey").path("key").asText();
		Map<String, Object> warmUp = warmUntilCompiled(stack, settings, residents, http, authorization);
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		Map<String, Map<String, Long>> threadsBefore = CpuMeter.threads(stack);
		double leasesBefore = rateLimitLeases(stack, http);
		Lookups measured = lookups(stack, settings, residents, http, authorization, settings.readDuration());
		Map<String, Long> cpuAfter = cpu.snapshot();
		Map<String, Map<String, Long>> threadsAfter = CpuMeter.threads(stack);
		Map<String, Object> cpuUsed = CpuMeter.since(cpuBefore, cpuAfter, settings.readDuration().toSeconds());
		long leases = Math.round(rateLimitLeases(stack, http) - leasesBefore);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("warmUp", warmUp);
		result.put("concurrency", settings.readConcurrency());
		result.put("seconds", settings.readDuration().toSeconds());
		result.put("lookups", measured.ok());
		result.put("errors", measured.errors());
		result.put("errorStatuses", measured.errorStatuses());
		result.put("lookupsPerSecond", Figures.perSecond(measured.ok(), settings.readDuration()));
		result.putAll(Figures.percentilesMs(measured.micros()));
		result.put("cpuSeconds", cpuUsed);
		result.put("cpuMsPerOperation",
				CpuMeter.perOperation(cpuBefore, cpuAfter, measured.ok() + measured.errors(), "lookup"));
		// request threads against the JIT and GC
		result.put("cpuSecondsByThread", CpuMeter.threadsSince(threadsBefore, threadsAfter));
		// what the rate limit shared by the instances costs: database round trips
		result.put("rateLimitLeases", leases);
		result.put("rateLimitLeasesPer1000Lookups",
				Math.round(10_000.0 * leases / Math.max(1, measured.ok() + measured.errors())) / 10.0);
		if (settings.readRate() > 0) {
			result.put("atOfferedRate",
					atOfferedRate(stack, settings, residents, http, authorization, Pace.Dispatch.POOL));
			result.put("atOfferedRateEachClientItsOwnSchedule",
					atOfferedRate(stack, settings, residents, http, authorization, Pace.Dispatch.EACH_CLIENT));
		}
		return result;
	}

	/**
	 * The same clients offering {@code bench.readRate} lookups/s for
	 * {@code bench.readSeconds}, open loop, right after the closed-loop part (so as
	 * warm): what partners see at that rate, rather than at the most the machine answers,
	 * where a closed loop's latency is mostly its own queue. Each latency from the moment
	 * its request was due. {@code atOfferedRate} (judged) hands each request due to
	 * whichever client is free, as a partner's connection pool would;
	 * {@code atOfferedRateEachClientItsOwnSchedule}, measured after it, gives each client
	 * every n-th request, as runs without a {@code dispatch} in their results did for
	 * their only one.
	 */
	private static Map<String, Object> atOfferedRate(Stack stack, Settings settings, Residents residents, Http http,
			String authorization, Pace.Dispatch dispatch) throws Exception {
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		Lookups paced = lookups(stack, settings, residents, http, authorization, settings.readDuration(),
				settings.readRate(), dispatch);
		Map<String, Long> cpuAfter = cpu.snapshot();
		Map<String, Object> result = Figures.openLoop(settings.readRate(), paced.ok(), paced.elapsed(), paced.micros());
		result.put("dispatch", dispatch.name());
		if (paced.slow() != null) {
			result.put("slowBySecond", paced.slow().figures());
		}
		result.put("errors", paced.errors());
		result.put("errorStatuses", paced.errorStatuses());
		result.put("cpuSeconds", CpuMeter.since(cpuBefore, cpuAfter, settings.readDuration().toSeconds()));
		return result;
	}

	/**
	 * {@code bench.readWarmupSeconds}, by default twice {@code bench.readSeconds}, 1 to
	 * 60 s. Long enough for the JIT: after 10 s, partner-sync still spent a third of its
	 * CPU compiling the HTTP path and answered 518 lookups/s; the same build after 60 s,
	 * 1,165/s (issue 16, 20,000 residents loaded).
	 */
	static Duration warmUp(Settings settings) {
		return Duration.ofSeconds(Long.getLong("bench.readWarmupSeconds",
				Math.min(60, Math.max(1, settings.readDuration().toSeconds() * 2))));
	}

	/**
	 * Lookups for {@link #warmUp(Settings)}, then on in slices as long as the measured
	 * part ({@code bench.readSeconds}) until partner-sync's JIT compilers take less than
	 * {@link #JIT_SHARE_WARM} of its CPU in one, {@code bench.readWarmupMaxSeconds} (10 ×
	 * {@code bench.readSeconds}, 300 s) at most in all. A fixed 60 s was not warm: in the
	 * 30 s measured after it the compilers still took 9.5 of partner-sync's 35 CPU
	 * seconds (1,474 lookups/s); after 180 s, 4.1 of 30.5 (2,024/s; 300,000 residents,
	 * both). Nor is a quiet slice a promise: after one of 10 s at 1.3 %, and after one of
	 * 30 s at 2.1 % (150 s in all), the compilers took 5.0 of 32 and 4.7 of 31 CPU
	 * seconds in the measured 30 s. They compile the lookup path's methods one after
	 * another, in bursts, for minutes (PrintCompilation: 389 C2 compilations in the
	 * measured 30 s after a 70 s warm-up); what they took while measured is in
	 * {@code cpuSecondsByThread}.
	 * @return how long it took and the compilers' share of partner-sync's CPU in its last
	 * slice
	 */
	private static Map<String, Object> warmUntilCompiled(Stack stack, Settings settings, Residents residents, Http http,
			String authorization) throws Exception {
		long start = System.nanoTime();
		long most = Duration
			.ofSeconds(Long.getLong("bench.readWarmupMaxSeconds", 10 * settings.readDuration().toSeconds()))
			.toNanos();
		lookups(stack, settings, residents, http, authorization, warmUp(settings));
		double jitShare;
		do {
			Map<String, Long> before = CpuMeter.threads(stack.sync().pid());
			lookups(stack, settings, residents, http, authorization, settings.readDuration());
			Map<String, Long> after = CpuMeter.threads(stack.sync().pid());
			// per group of threads, and none below zero: a thread that ended takes its
			// ticks with it (a smoke run once measured a share of -0.28 from the sums)
			long jit = Math.max(0, after.getOrDefault("jit", 0L) - before.getOrDefault("jit", 0L));
			long all = after.entrySet()
				.stream()
				.mapToLong((group) -> Math.max(0, group.getValue() - before.getOrDefault(group.getKey(), 0L)))
				.sum();
			jitShare = (double) jit / Math.max(1, all);
		}
		while (jitShare >= JIT_SHARE_WARM && System.nanoTime() - start < most);
		Map<String, Object> warmUp = new LinkedHashMap<>();
		warmUp.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
		warmUp.put("partnerSyncJitShareOfLastSlice", Math.round(jitShare * 1000) / 1000.0);
		return warmUp;
	}

	/**
	 * The permit leases partner-sync has taken from the institutions' shared rate buckets
	 * so far, one database round trip each (its Micrometer counter).
	 */
	private static double rateLimitLeases(Stack stack, Http http) throws Exception {
		Http.Answer answer = http.exchange("GET", stack.syncUrl() + "/actuator/metrics/niksync.partner.rate.leases",
				null, "Authorization", Http.basic(Stack.ADMIN, stack.adminPassword()));
		// 404 until the first lease
		return (answer.status() == 200) ? answer.body().path("measurements").path(0).path("value").asDouble() : 0;
	}

	private static Lookups lookups(Stack stack, Settings settings, Residents residents, Http http, String authorization,
			Duration duration) throws Exception {
		return lookups(stack, settings, residents, http, authorization, duration, 0, Pace.Dispatch.POOL);
	}

	/**
	 * Lookups by {@code bench.readConcurrency} clients for {@code duration}, closed loop
	 * when {@code perSecond} is 0, else open loop ({@link Pace}).
	 */
	private static Lookups lookups(Stack stack, Settings settings, Residents residents, Http http, String authorization,
			Duration duration, int perSecond, Pace.Dispatch dispatch) throws Exception {
		int concurrency = settings.readConcurrency();
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		Map<Integer, Long> statuses = new java.util.concurrent.ConcurrentHashMap<>();
		ExecutorService clients = Executors.newFixedThreadPool(concurrency);
		List<Future<Histogram>> running = new ArrayList<>();
		List<KeepAliveClient> connections = new ArrayList<>();
		try {
			// connected before the clock starts, as a partner's pool would be
			for (int c = 0; c < concurrency; c++) {
				connections.add(new KeepAliveClient(stack.syncUrl(), Http.TIMEOUT, "Authorization", authorization,
						"X-Purpose", "benchmark: account opening"));
				connections.get(c).connect();
			}
			Pace pace = Pace.of(duration, perSecond, dispatch);
			SlowAnswers slow = (perSecond > 0) ? new SlowAnswers(duration) : null;
			for (int c = 0; c < concurrency; c++) {
				int client = c;
				KeepAliveClient partner = connections.get(c);
				running.add(clients.submit(() -> {
					Histogram micros = Figures.microsHistogram();
					LongSupplier turns = pace.turnsOf(client, concurrency);
					for (;;) {
						long sent = pace.awaitTurn(turns.getAsLong());
						if (pace.isOver(sent)) {
							break;
						}
						String nik = residents.get(ThreadLocalRandom.current().nextInt(settings.residents())).nik();
						int status = partner.get("/partner/v1/residents/" + nik);
						if (status == 200) {
							long took = Math.max(1, (System.nanoTime() - sent) / 1000);
							micros.recordValue(took);
							if (slow != null) {
								slow.record(pace.secondOf(sent), took);
							}
							ok.incrementAndGet();
						}
						else {
							errors.incrementAndGet();
							statuses.merge(status, 1L, Long::sum);
						}
					}
					return micros;
				}));
			}
			Histogram all = Figures.microsHistogram();
			for (Future<Histogram> client : running) {
				all.add(client.get());
			}
			return new Lookups(ok.get(), errors.get(), Map.copyOf(statuses), all, pace.elapsed(), slow);
		}
		finally {
			clients.shutdownNow();
			connections.forEach(KeepAliveClient::close);
		}
	}

	/**
	 * @param elapsed from the start until the last client's last answer
	 */
	private record Lookups(long ok, long errors, Map<Integer, Long> errorStatuses, Histogram micros, Duration elapsed,
			SlowAnswers slow) {
	}

	/**
	 * Per second of an open loop (by when each request was due), how many answers (200s
	 * only) took over {@link #SLOW_MICROS} and the longest (0 for a second without one):
	 * whether the loop's tail comes from a few stalls, each holding up every client at
	 * once, or is spread over the whole time.
	 */
	static final class SlowAnswers {

		static final long SLOW_MICROS = 20_000;

		private final AtomicLongArray over;

		private final AtomicLongArray longest;

		SlowAnswers(Duration duration) {
			// by when each was due: none is sent due at or after the end
			int seconds = Math.toIntExact(Math.max(1, (duration.toMillis() + 999) / 1000));
			this.over = new AtomicLongArray(seconds);
			this.longest = new AtomicLongArray(seconds);
		}

		void record(int second, long micros) {
			int at = Math.min(second, this.over.length() - 1); // a guard
			if (micros > SLOW_MICROS) {
				this.over.incrementAndGet(at);
			}
			this.longest.accumulateAndGet(at, micros, Math::max);
		}

		/**
		 * @return {@code overTwentyMs} and {@code maxMs}, one entry per second from the
		 * loop's start
		 */
		Map<String, Object> figures() {
			List<Long> overTwenty = new ArrayList<>();
			List<Double> max = new ArrayList<>();
			for (int i = 0; i < this.over.length(); i++) {
				overTwenty.add(this.over.get(i));
				max.add(Figures.ms(this.longest.get(i)));
			}
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("overTwentyMs", overTwenty);
			figures.put("maxMs", max);
			return figures;
		}

	}

}
