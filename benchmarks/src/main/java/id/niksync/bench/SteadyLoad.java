package id.niksync.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Changes residents at a steady rate, one {@code PUT /api/v1/residents/{nik}} each, on an
 * open-loop schedule: change k is due at {@code k / rate} seconds whatever happened to
 * the ones before, so a slow registry shows as a lower achieved rate, not as a hidden
 * pause. At most {@link #MAX_IN_FLIGHT} requests are outstanding.
 */
final class SteadyLoad {

	private static final int MAX_IN_FLIGHT = 256;

	private final Http http;

	private final String registryUrl;

	private final BenchResidents residents;

	private final AtomicInteger nextIndex;

	private final ConcurrentLinkedQueue<String> changed = new ConcurrentLinkedQueue<>();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean stopped;

	private long sent;

	private long elapsedNanos;

	/**
	 * @param nextIndex where the next resident to change is taken from; shared so that no
	 * resident is changed twice in one run
	 */
	SteadyLoad(Http http, String registryUrl, BenchResidents residents, AtomicInteger nextIndex) {
		this.http = http;
		this.registryUrl = registryUrl;
		this.residents = residents;
		this.nextIndex = nextIndex;
	}

	/** Runs on the calling thread until {@code duration} passed or {@link #stop()}. */
	void run(int rate, Duration duration) throws InterruptedException {
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		long k = 0;
		while (!this.stopped) {
			long due = start + (long) (k * 1e9 / rate);
			if (due >= end) {
				break;
			}
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			inFlight.acquire();
			BenchResidents.Resident resident = this.residents.get(this.nextIndex.getAndIncrement());
			String body = resident.toJson("Jl. Perubahan " + k);
			this.http.sendAsync("PUT", this.registryUrl + "/api/v1/residents/" + resident.nik(), body)
				.whenComplete((response, failure) -> {
					inFlight.release();
					if (failure == null && response.statusCode() == 200) {
						this.changed.add(resident.nik());
					}
					else {
						this.failed.incrementAndGet();
					}
				});
			k++;
		}
		this.elapsedNanos = System.nanoTime() - start;
		this.sent = k;
		// let the last answers arrive
		if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Registry did not answer " + MAX_IN_FLIGHT + " changes within 60 s");
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

	long sent() {
		return this.sent;
	}

}
