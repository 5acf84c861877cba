package id.niksync.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;
import org.HdrHistogram.Histogram;

/**
 * Partners get NIKs back online: {@code bench.reonlineNiks} loaded residents are deleted
 * from {@code replica_resident} (superuser connection), then partners ask for each one
 * with {@code POST /partner/v1/reonline-requests {nik, kkNumber}} on an open-loop
 * schedule of {@code bench.reonlineRate} requests/s (request k is due at k / rate s,
 * whatever happened to the ones before), and each request is polled ({@code GET
 * /partner/v1/reonline-requests/{id}}, every {@link #POLL}) until it ends.
 * <p>
 * The real path, limit included: the institutions are registered through
 * {@code /ops/institutions} with the {@code REONLINE} permission, as many as keep each
 * one under partner-sync's per-institution limit
 * ({@code niksync.reonline.requests-per-minute}, 10 by default, read from
 * {@code bench.sync.niksync.reonline.requests-per-minute} when that overrides it), and
 * the requests go to them in turn.
 */
final class ReonlinePhase {

	/** How often the harness polls each pending request. */
	static final Duration POLL = Duration.ofMillis(Long.getLong("bench.reonlinePollMillis", 100));

	/** A request not ended this long after it was sent counts as timed out. */
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final String PURPOSE = "benchmark: re-online at the counter";

	private ReonlinePhase() {
	}

	/**
	 * @param run which run of the phase this is: each picks other residents (the registry
	 * limits re-onlines per NIK)
	 */
	static Map<String, Object> run(Stack stack, Settings settings, Residents residents, Http http, int run)
			throws Exception {
		int count = settings.reonlineNiks();
		int rate = settings.reonlineRate();
		List<GeneratedResident> picked = IntStream.range(0, count)
			.mapToObj((i) -> residents
				.get((int) (((long) i * settings.residents() / count + run) % settings.residents())))
			.toList();
		String[] niks = picked.stream().map(GeneratedResident::nik).toArray(String[]::new);
		List<String> keys = institutions(stack, http, count, rate);
		Db replica = new Db(stack.replicaDb());
		long deleted = replica.update("DELETE FROM replica_resident WHERE nik = ANY(?)", (Object) niks);
		if (deleted != count) {
			throw new IllegalStateException("Deleted " + deleted + " of " + count + " residents from the replica");
		}
		Requests requests = new Requests(stack, http, keys, count);
		CpuMeter cpu = new CpuMeter(stack);
		Map<String, Long> cpuBefore = cpu.snapshot();
		ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
		long start = System.nanoTime();
		try {
			for (int k = 0; k < count; k++) {
				GeneratedResident resident = picked.get(k);
				int index = k;
				clients.schedule(() -> requests.send(clients, index, resident), Math.round(k * 1e9 / rate),
						TimeUnit.NANOSECONDS);
			}
			long wait = Math.round(count * 1e9 / rate) + TIMEOUT.toNanos() + Duration.ofSeconds(30).toNanos();
			if (!requests.ended.await(wait, TimeUnit.NANOSECONDS)) {
				throw new IllegalStateException(requests.ended.getCount() + " re-online requests did not end");
			}
		}
		finally {
			clients.shutdownNow();
		}
		Map<String, Long> cpuAfter = cpu.snapshot();
		long back = replica.queryLong("SELECT count(*) FROM replica_resident WHERE nik = ANY(?)", (Object) niks);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("niks", count);
		result.put("targetPerSecond", rate);
		result.put("institutions", keys.size());
		result.put("pollMs", POLL.toMillis());
		result.put("requests", requests.accepted.get());
		result.put("online", requests.online.get());
		result.put("failed", requests.failed.get());
		result.put("timedOut", requests.timedOut.get());
		result.put("endStatuses", Map.copyOf(requests.endStatuses));
		result.put("postErrors", requests.postErrors.get());
		result.put("postErrorStatuses", Map.copyOf(requests.postErrorStatuses));
		long sending = (requests.lastPostAnswered.get() > requests.firstPostSent.get())
				? requests.lastPostAnswered.get() - requests.firstPostSent.get() : 1;
		result.put("requestsPerSecond", Math.round(requests.accepted.get() * 10e9 / sending) / 10.0);
		result.put("secondsSending", Figures.seconds(Duration.ofNanos(sending)));
		// from the POST being sent to the poll answer that showed ONLINE
		synchronized (requests.polled) {
			result.put("untilOnlineAsPolled", Figures.percentilesMs(requests.polled));
		}
		// requestedAt to finishedAt of the request, as partner-sync stamped them
		synchronized (requests.stamped) {
			result.put("untilOnlineAsStamped", Figures.percentilesMs(requests.stamped));
		}
		result.put("secondsTotal", Figures.seconds(Duration.ofNanos(System.nanoTime() - start)));
		result.put("backOnReplica", back);
		result.put("allBackOnReplica", back == count);
		// polls included; at a few requests per second mostly what idle services cost
		result.put("cpuMsPerOperation", CpuMeter.perOperation(cpuBefore, cpuAfter, count, "request"));
		return result;
	}

	/**
	 * Registers enough institutions with {@code REONLINE} that, in turn, none exceeds its
	 * per-minute limit (two requests to spare for a late schedule catching up).
	 * @return their {@code Authorization} headers
	 */
	private static List<String> institutions(Stack stack, Http http, int count, int rate) throws Exception {
		int limit = Integer
			.parseInt(Stack.serviceOverrides("sync").getOrDefault("niksync.reonline.requests-per-minute", "10").trim());
		int needed = (limit > 2) ? (int) Math.ceil(60.0 * rate / (limit - 2)) : count;
		int institutions = Math.max(1, Math.min(count, needed));
		String run = Long.toString(System.currentTimeMillis());
		String[] keys = new String[institutions];
		for (int i = 0; i < institutions; i++) {
			JsonNode registered = http.send("POST", stack.syncUrl() + "/ops/institutions",
					"{\"name\":\"Bank Reonline Benchmark " + run + "-" + i + "\",\"type\":\"BANK\","
							+ "\"requestsPerSecond\":10000,\"permissions\":[\"REONLINE\"]}",
					201, "Authorization", Http.basic(Stack.ADMIN, stack.adminPassword()));
			keys[i] = "ApiKey " + registered.path("apiKey").path("key").asText();
		}
		return List.of(keys);
	}

	/** The requests in flight and what became of them. */
	private static final class Requests {

		private final Stack stack;

		private final Http http;

		private final List<String> keys;

		final CountDownLatch ended;

		final AtomicLong accepted = new AtomicLong();

		final AtomicLong online = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final AtomicLong timedOut = new AtomicLong();

		final AtomicLong postErrors = new AtomicLong();

		final Map<Integer, Long> postErrorStatuses = new ConcurrentHashMap<>();

		final Map<String, Long> endStatuses = new ConcurrentHashMap<>();

		final AtomicLong firstPostSent = new AtomicLong(Long.MAX_VALUE);

		final AtomicLong lastPostAnswered = new AtomicLong(Long.MIN_VALUE);

		final Histogram polled = Figures.microsHistogram();

		final Histogram stamped = Figures.microsHistogram();

		Requests(Stack stack, Http http, List<String> keys, int count) {
			this.stack = stack;
			this.http = http;
			this.keys = keys;
			this.ended = new CountDownLatch(count);
		}

		void send(ScheduledExecutorService clients, int index, GeneratedResident resident) {
			String authorization = this.keys.get(index % this.keys.size());
			long sent = System.nanoTime();
			this.firstPostSent.accumulateAndGet(sent, Math::min);
			try {
				Http.Answer answer = this.http.exchange("POST", this.stack.syncUrl() + "/partner/v1/reonline-requests",
						"{\"nik\":\"" + resident.nik() + "\",\"kkNumber\":\"" + resident.kkNumber() + "\"}",
						"Authorization", authorization, "X-Purpose", PURPOSE);
				this.lastPostAnswered.accumulateAndGet(System.nanoTime(), Math::max);
				if (answer.status() != 202) {
					postError(answer.status());
					return;
				}
				this.accepted.incrementAndGet();
				if (!settled(answer.body(), sent)) {
					String url = this.stack.syncUrl() + "/partner/v1/reonline-requests/"
							+ answer.body().path("id").asText();
					clients.schedule(() -> poll(clients, url, authorization, sent), POLL.toNanos(),
							TimeUnit.NANOSECONDS);
				}
			}
			catch (IOException | RuntimeException ex) {
				postError(-1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void poll(ScheduledExecutorService clients, String url, String authorization, long sent) {
			try {
				Http.Answer answer = this.http.exchange("GET", url, null, "Authorization", authorization, "X-Purpose",
						PURPOSE);
				if (answer.status() == 200 && settled(answer.body(), sent)) {
					return;
				}
			}
			catch (IOException | RuntimeException ex) {
				// polled again below, until the timeout
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (System.nanoTime() - sent > TIMEOUT.toNanos()) {
				this.timedOut.incrementAndGet();
				this.ended.countDown();
				return;
			}
			clients.schedule(() -> poll(clients, url, authorization, sent), POLL.toNanos(), TimeUnit.NANOSECONDS);
		}

		/** Records the request if it ended. */
		private boolean settled(JsonNode request, long sent) {
			String status = request.path("status").asText();
			if ("PENDING".equals(status)) {
				return false;
			}
			long seen = System.nanoTime();
			this.endStatuses.merge(status + (request.hasNonNull("code") ? " " + request.path("code").asText() : ""), 1L,
					Long::sum);
			if ("ONLINE".equals(status)) {
				Duration stamped = stamped(request);
				this.online.incrementAndGet();
				synchronized (this.polled) {
					this.polled.recordValue(Math.max(1, (seen - sent) / 1000));
				}
				if (stamped != null) {
					synchronized (this.stamped) {
						this.stamped.recordValue(Math.max(1, stamped.toNanos() / 1000));
					}
				}
			}
			else {
				this.failed.incrementAndGet();
			}
			this.ended.countDown();
			return true;
		}

		private static Duration stamped(JsonNode request) {
			try {
				return Duration.between(Instant.parse(request.path("requestedAt").asText()),
						Instant.parse(request.path("finishedAt").asText()));
			}
			catch (java.time.format.DateTimeParseException ex) {
				return null;
			}
		}

		private void postError(int status) {
			this.postErrors.incrementAndGet();
			this.postErrorStatuses.merge(status, 1L, Long::sum);
			this.ended.countDown();
		}

	}

}
