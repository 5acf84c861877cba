package id.niksync.sync.reconcile;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs a whole-country reconciliation, with republish, on
 * {@code niksync.reconcile.schedule} (a cron expression; {@code -}, the default, turns it
 * off).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ScheduledReconciliation {

	private final Reconciliations reconciliations;

	ScheduledReconciliation(Reconciliations reconciliations) {
		this.reconciliations = reconciliations;
	}

	@Scheduled(cron = "${niksync.reconcile.schedule:-}")
	void run() {
		this.reconciliations.start("", true, "scheduler", "scheduled");
	}

}
