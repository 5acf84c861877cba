package id.niksync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;

/**
 * Changes the registry at a steady rate: every {@link #TICK} a batch registration of
 * {@code rate × tick} new residents ({@code POST /api/v1/residents/batch}), as many
 * offices submitting their day's work would, on an open-loop schedule: batch k is due at
 * {@code k × tick} whatever happened to the ones before, so a slow registry shows as a
 * lower achieved rate, not as a hidden pause. At most {@link #MAX_IN_FLIGHT} requests are
 * outstanding.
 */
final class SteadyLoad {

	static final Duration TICK = Duration.ofMillis(20);

	private static final int MAX_IN_FLIGHT = 64;

	private final Http http;

	private final String registryUrl;

	private final Residents residents;

	private final AtomicInteger nextIndex;

	private final ConcurrentLinkedQueue<String> changed = new ConcurrentLinkedQueue<>();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean stopped;

	private long sent;

	private long elapsedNanos;

	/**
	 * @param nextIndex the index of the next new resident; shared so that no resident is
	 * registered twice in one run
	 */
	SteadyLoad(Http http, String registryUrl, Residents residents, AtomicInteger nextIndex) {
		this.http = http;
		this.registryUrl = registryUrl;
		this.residents = residents;
		this.nextIndex = nextIndex;
	}

	/** Runs on the calling thread until {@code duration} passed or {@link #stop()}. */
	void run(int rate, Duration duration) throws InterruptedException {
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		double perTick = rate * (TICK.toNanos() / 1e9);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long tick = 0;
		long due = 0;
		while (!this.stopped) {
			long at = start + tick * TICK.toNanos();
			if (at >= end) {
				break;
			}
			long wait = at - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			tick++;
			// fractional rates: send what is due by now
			int count = (int) (Math.round(tick * perTick) - due);
			if (count == 0) {
				continue;
			}
			due += count;
			inFlight.acquire();
			List<String> niks = new ArrayList<>(count);
			StringBuilder body = new StringBuilder(count * 520 + 32).append("{\"residents\":[");
			for (int i = 0; i < count; i++) {
				GeneratedResident resident = this.residents.get(this.nextIndex.getAndIncrement());
				niks.add(resident.nik());
				body.append((i > 0) ? "," : "").append(resident.toJson());
			}
			this.http.sendAsync("POST", this.registryUrl + "/api/v1/residents/batch", body.append("]}").toString())
				.whenComplete((response, failure) -> {
					if (failure == null && response.statusCode() == 201) {
						this.changed.addAll(niks);
					}
					else {
						this.failed.addAndGet(niks.size());
					}
					// last: the end of run() waits for every permit, then reads the
					// outcome
					inFlight.release();
				});
		}
		this.elapsedNanos = System.nanoTime() - start;
		this.sent = due;
		// let the last answers arrive
		if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Registry did not answer within 60 s");
		}
	}

	void stop() {
		this.stopped = true;
	}

	List<String> changedNiks() {
		return List.copyOf(this.changed);
	}

	long failed() {
		return this.failed.get();
	}

	double achievedPerSecond() {
		return Figures.perSecond(this.sent, Duration.ofNanos(this.elapsedNanos));
	}

}
