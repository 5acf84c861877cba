package id.niksync.bench.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;

/**
 * The change load a fault happens under: every {@link #TICK}, on an open-loop schedule, a
 * batch registration of new residents ({@code POST /api/v1/residents/batch}) and updates
 * of residents registered earlier in the run ({@code PUT /api/v1/residents/{nik}}, a new
 * occupation each). Only what the registry acknowledged counts: the (NIK, version) of
 * every {@code 201}/{@code 200}, kept per NIK at its highest version in
 * {@link #acknowledged()}, which lives as long as the suite (every scenario must keep
 * every earlier one's changes). A request that failed (the registry down, a 503) is
 * counted and not sent again.
 */
final class ChangeLoad {

	static final Duration TICK = Duration.ofMillis(20);

	private static final int MAX_IN_FLIGHT = 64;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.build();

	private final String registryUrl;

	private final String authorization;

	private final Residents residents = new Residents(Integer.MAX_VALUE);

	/** Index of the next new resident; residents are never registered twice. */
	private final AtomicInteger nextIndex = new AtomicInteger(1);

	/** Every resident the registry acknowledged: its index, for updates. */
	private final List<Integer> registered = new ArrayList<>();

	private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

	private final AtomicLong updateSerial = new AtomicLong();

	ChangeLoad(String registryUrl, String authorization) {
		this.registryUrl = registryUrl;
		this.authorization = authorization;
	}

	/** Every acknowledged NIK at the highest version acknowledged, live. */
	Map<String, Long> acknowledged() {
		return this.acknowledged;
	}

	/** A copy of {@link #acknowledged()} now. */
	Map<String, Long> snapshot() {
		return Map.copyOf(this.acknowledged);
	}

	/**
	 * Starts one scenario's load on a thread of its own: new residents at {@code rate}/s
	 * and {@code updateRate} updates/s, until {@link Run#stop()}.
	 */
	Run start(int rate, int updateRate) {
		Run run = new Run(rate, updateRate);
		Thread thread = new Thread(run, "fault-load");
		thread.setDaemon(true);
		run.thread = thread;
		thread.start();
		return run;
	}

	/** One scenario's load. */
	final class Run implements Runnable {

		private final int rate;

		private final int updateRate;

		private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

		private final AtomicLong changes = new AtomicLong();

		private final AtomicLong registrations = new AtomicLong();

		private final AtomicLong failedChanges = new AtomicLong();

		private final Map<Integer, AtomicLong> failuresByStatus = new ConcurrentHashMap<>();

		private volatile Exception failure;

		private volatile boolean stopped;

		private Thread thread;

		private Run(int rate, int updateRate) {
			this.rate = rate;
			this.updateRate = updateRate;
		}

		@Override
		public void run() {
			try {
				double perTick = this.rate * (TICK.toNanos() / 1e9);
				double updatesPerTick = this.updateRate * (TICK.toNanos() / 1e9);
				long start = System.nanoTime();
				long tick = 0;
				long sent = 0;
				long updatesDue = 0;
				while (!this.stopped) {
					long wait = start + tick * TICK.toNanos() - System.nanoTime();
					if (wait > 0) {
						LockSupport.parkNanos(wait);
					}
					tick++;
					int count = (int) (Math.round(tick * perTick) - sent);
					if (count > 0) {
						sent += count;
						register(count);
					}
					int updates = (int) (Math.round(tick * updatesPerTick) - updatesDue);
					updatesDue += updates;
					for (int i = 0; i < updates; i++) {
						update();
					}
				}
				// the last answers
				if (!this.inFlight.tryAcquire(MAX_IN_FLIGHT, 90, TimeUnit.SECONDS)) {
					throw new IllegalStateException("The registry did not answer within 90 s");
				}
				this.inFlight.release(MAX_IN_FLIGHT);
			}
			catch (Exception ex) {
				this.failure = ex;
			}
		}

		private void register(int count) throws InterruptedException {
			List<Integer> indexes = new ArrayList<>(count);
			StringBuilder body = new StringBuilder(count * 520 + 32).append("{\"residents\":[");
			for (int i = 0; i < count; i++) {
				int index = ChangeLoad.this.nextIndex.getAndIncrement();
				indexes.add(index);
				body.append((i > 0) ? "," : "").append(ChangeLoad.this.residents.get(index).toJson());
			}
			send("POST", "/api/v1/residents/batch", body.append("]}").toString(), 201, count, (answer) -> {
				for (JsonNode resident : answer.path("residents")) {
					acknowledge(resident.path("nik").asText(), resident.path("version").asLong());
				}
				this.registrations.addAndGet(count);
				synchronized (ChangeLoad.this.registered) {
					ChangeLoad.this.registered.addAll(indexes);
				}
			});
		}

		private void update() throws InterruptedException {
			int index;
			synchronized (ChangeLoad.this.registered) {
				if (ChangeLoad.this.registered.isEmpty()) {
					return;
				}
				index = ChangeLoad.this.registered
					.get(ThreadLocalRandom.current().nextInt(ChangeLoad.this.registered.size()));
			}
			GeneratedResident resident = ChangeLoad.this.residents.get(index)
				.withOccupation("Wiraswasta " + ChangeLoad.this.updateSerial.incrementAndGet());
			send("PUT", "/api/v1/residents/" + resident.nik(), resident.toJson(), 200, 1,
					(answer) -> acknowledge(answer.path("nik").asText(), answer.path("version").asLong()));
		}

		private void send(String method, String path, String body, int expected, int changeCount,
				java.util.function.Consumer<JsonNode> onAcknowledged) throws InterruptedException {
			this.inFlight.acquire();
			HttpRequest request = HttpRequest.newBuilder(URI.create(ChangeLoad.this.registryUrl + path))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", ChangeLoad.this.authorization)
				.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body))
				.build();
			ChangeLoad.this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, failure) -> {
					try {
						if (failure == null && response.statusCode() == expected) {
							onAcknowledged.accept(JSON.readTree(response.body()));
							this.changes.addAndGet(changeCount);
						}
						else {
							this.failedChanges.addAndGet(changeCount);
							this.failuresByStatus
								.computeIfAbsent((failure != null) ? 0 : response.statusCode(), (s) -> new AtomicLong())
								.addAndGet(changeCount);
						}
					}
					catch (IOException | RuntimeException ex) {
						this.failure = ex;
					}
					finally {
						this.inFlight.release();
					}
				});
		}

		/** Sends nothing more. */
		void stop() {
			this.stopped = true;
		}

		/** Waits, after {@link #stop()}, until every answer came. */
		void await() throws Exception {
			this.thread.join();
			if (this.failure != null) {
				throw this.failure;
			}
		}

		/** Changes the registry acknowledged (a registration or an update each). */
		long changes() {
			return this.changes.get();
		}

		/** New residents the registry acknowledged. */
		long registrations() {
			return this.registrations.get();
		}

		/** Changes whose request failed; by status ({@code 0}: no answer). */
		long failedChanges() {
			return this.failedChanges.get();
		}

		Map<Integer, Long> failuresByStatus() {
			Map<Integer, Long> byStatus = new java.util.TreeMap<>();
			this.failuresByStatus.forEach((status, count) -> byStatus.put(status, count.get()));
			return byStatus;
		}

	}

	private void acknowledge(String nik, long version) {
		this.acknowledged.merge(nik, version, Math::max);
	}

}
