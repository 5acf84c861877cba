package id.niksync.registry.republish;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The worker's threads against what they do not expect: an {@link Error} from a batch or
 * from the look for jobs. The database and the batches are mocks; the worker's own
 * threads and schedule are real.
 */
class RepublishWorkerTests {

	private static final RepublishProperties SETTINGS = new RepublishProperties(500, Duration.ZERO, 10_000, 3,
			Duration.ofMillis(10), 5, Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMillis(50));

	private final Republisher republisher = mock(Republisher.class);

	private final RepublishJobRepository jobs = mock(RepublishJobRepository.class);

	private final RepublishWorker worker = new RepublishWorker(this.republisher, this.jobs, SETTINGS);

	@AfterEach
	void stop() {
		this.worker.stop();
	}

	@Test
	void aBatchThatThrowsAnErrorIsAFailedAttemptAndTheJobFailsAfterMaxAttempts() {
		UUID job = UUID.randomUUID();
		when(this.jobs.claimable(anyString())).thenReturn(List.of(job), List.of());
		when(this.jobs.claim(eq(job), anyString(), any())).thenReturn(true);
		when(this.republisher.republishNextBatch(eq(job), anyString())).thenThrow(new StackOverflowError());
		this.worker.start();
		// before: the Error escaped the worker, the job stayed RUNNING and was taken up
		// again at every look
		verify(this.republisher, timeout(5_000)).fail(eq(job), contains("StackOverflowError in 3 attempts"));
		verify(this.republisher, times(3)).republishNextBatch(eq(job), anyString());
	}

	@Test
	void anErrorWhileLookingForJobsDoesNotEndTheLooking() {
		when(this.jobs.claimable(anyString())).thenThrow(new NoClassDefFoundError("a class that failed to load"))
			.thenReturn(List.of());
		this.worker.start();
		// before: the first look's Error cancelled the schedule; no job resumed again
		verify(this.jobs, timeout(5_000).atLeast(3)).claimable(anyString());
	}

}
