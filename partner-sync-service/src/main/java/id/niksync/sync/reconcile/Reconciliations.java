package id.niksync.sync.reconcile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import id.niksync.identity.Nik;
import id.niksync.schemas.registry.RepublishRequest;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.registry.RegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs reconciliations in the background, one at a time, and keeps each run's progress
 * and findings. With {@code republish}, the NIKs the registry can repair (missing, stale,
 * and ahead: those at a version above the replica's) are handed to the registry's
 * republish, which re-onlines them through the normal event path.
 */
@Component
class Reconciliations implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Reconciliations.class);

	private static final int REPUBLISH_CHUNK = 10_000;

	private final Reconciler reconciler;

	private final RegistryClient registry;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final OperatorAudit audit;

	private final ReconcileProperties settings;

	private final ExecutorService worker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "reconciliation");
		thread.setDaemon(true);
		return thread;
	});

	Reconciliations(Reconciler reconciler, RegistryClient registry, JdbcClient jdbc, TransactionTemplate transaction,
			OperatorAudit audit, ReconcileProperties settings) {
		this.reconciler = reconciler;
		this.registry = registry;
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.audit = audit;
		this.settings = settings;
	}

	UUID start(String prefix, boolean republish, String operator, String reason) {
		UUID id = UUID.randomUUID();
		this.transaction.executeWithoutResult((tx) -> {
			this.jdbc.sql("""
					INSERT INTO reconciliation (id, prefix, republish, state, requested_by, started_at, updated_at)
					VALUES (?, ?, ?, 'RUNNING', ?, now(), now())""").params(id, prefix, republish, operator).update();
			this.audit.record(operator, "RECONCILIATION_START", "prefix:" + (prefix.isEmpty() ? "*" : prefix), reason,
					"republish=" + republish);
		});
		this.worker.execute(() -> run(id, prefix, republish, operator));
		return id;
	}

	Optional<ReconciliationView> find(UUID id) {
		return this.jdbc.sql("SELECT * FROM reconciliation WHERE id = ?")
			.param(id)
			.query(ReconciliationView::map)
			.optional()
			.map(this::withFindings);
	}

	Optional<ReconciliationView> latest() {
		return this.jdbc.sql("SELECT * FROM reconciliation ORDER BY started_at DESC LIMIT 1")
			.query(ReconciliationView::map)
			.optional()
			.map(this::withFindings);
	}

	/** The most recent runs, newest first, without their findings. */
	List<ReconciliationView> recent(int limit) {
		return this.jdbc.sql("SELECT * FROM reconciliation ORDER BY started_at DESC LIMIT ?")
			.param(limit)
			.query(ReconciliationView::map)
			.list();
	}

	private ReconciliationView withFindings(ReconciliationView view) {
		List<Finding> findings = this.jdbc.sql("""
				SELECT nik, kind, registry_version, replica_version FROM reconciliation_finding
				WHERE reconciliation_id = ? ORDER BY nik LIMIT 1000""")
			.param(view.id())
			.query((rs, n) -> new Finding(rs.getString(1), Finding.Kind.valueOf(rs.getString(2)),
					(Long) rs.getObject(3), (Long) rs.getObject(4)))
			.list();
		return view.withFindings(findings);
	}

	private void run(UUID id, String prefix, boolean republish, String operator) {
		List<String> repairable = new ArrayList<>();
		Map<String, Long> ahead = new HashMap<>();
		long[] stored = { 0 };
		try {
			Reconciler.Outcome outcome = this.reconciler.reconcile(prefix, (finding) -> {
				if (finding.repairable()) {
					repairable.add(finding.nik());
				}
				else if (finding.kind() == Finding.Kind.AHEAD
						&& finding.replicaVersion() <= RepublishRequest.MAX_ABOVE_VERSION) {
					// the registry republishes it above the replica's version, so its
					// facts replace what the replica holds
					repairable.add(finding.nik());
					ahead.put(finding.nik(), finding.replicaVersion());
				}
				else if (finding.kind() == Finding.Kind.AHEAD) {
					log.warn("Reconciliation {}: {} is at version {} on the replica, beyond what a republish can pass;"
							+ " not repaired", id, Nik.mask(finding.nik()), finding.replicaVersion());
				}
				if (stored[0]++ < this.settings.maxFindings()) {
					record(id, finding);
				}
			}, (progress) -> progress(id, progress, "RUNNING", null));
			List<String> jobs = new ArrayList<>();
			if (republish) {
				for (int from = 0; from < repairable.size(); from += REPUBLISH_CHUNK) {
					List<String> chunk = repairable.subList(from, Math.min(repairable.size(), from + REPUBLISH_CHUNK));
					Map<String, Long> chunkAhead = new HashMap<>();
					chunk.stream().filter(ahead::containsKey).forEach((nik) -> chunkAhead.put(nik, ahead.get(nik)));
					jobs.add(this.registry.republish(chunk, chunkAhead, "reconciliation " + id, operator).toString());
				}
			}
			progress(id, outcome, "COMPLETED", jobs.isEmpty() ? null : String.join(",", jobs));
			log.info("Reconciliation {} of prefix '{}' completed: {} buckets compared, {} differences", id, prefix,
					outcome.bucketsCompared, outcome.differences());
		}
		catch (RuntimeException | Error ex) {
			// an Error too: it would leave the reconciliation RUNNING for good
			if (ex instanceof Error) {
				log.error("Reconciliation {} failed unexpectedly", id, ex);
			}
			else {
				log.warn("Reconciliation {} failed: {}", id, ex.toString());
			}
			this.jdbc
				.sql("UPDATE reconciliation SET state = 'FAILED', failure = ?, updated_at = now(),"
						+ " finished_at = now() WHERE id = ?")
				.params(ex.toString(), id)
				.update();
		}
	}

	private void record(UUID id, Finding finding) {
		this.jdbc.sql("""
				INSERT INTO reconciliation_finding (reconciliation_id, nik, kind, registry_version, replica_version)
				VALUES (?, ?, ?, ?, ?)""")
			.params(id, finding.nik(), finding.kind().name(), finding.registryVersion(), finding.replicaVersion())
			.update();
	}

	private void progress(UUID id, Reconciler.Outcome o, String state, String jobs) {
		this.jdbc.sql("""
				UPDATE reconciliation SET state = ?, buckets_compared = ?, registry_requests = ?,
				    replica_queries = ?, missing = ?, stale = ?, extra = ?, ahead = ?, republish_job_ids = ?,
				    updated_at = now(), finished_at = CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END
				WHERE id = ?""")
			.params(state, o.bucketsCompared, o.registryRequests, o.replicaQueries, o.missing, o.stale, o.extra,
					o.ahead, jobs, state, id)
			.update();
	}

	@Override
	public void destroy() {
		this.worker.shutdownNow();
	}

	/** A run as operators see it; findings are the first 1,000 by NIK. */
	record ReconciliationView(UUID id, String prefix, boolean republish, String state, String requestedBy,
			Instant startedAt, Instant updatedAt, Instant finishedAt, long bucketsCompared, long registryRequests,
			long replicaQueries, long missing, long stale, long extra, long ahead, String republishJobIds,
			String failure, List<Finding> findings) {

		static ReconciliationView map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
			return new ReconciliationView(rs.getObject("id", UUID.class), rs.getString("prefix"),
					rs.getBoolean("republish"), rs.getString("state"), rs.getString("requested_by"),
					instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("updated_at")),
					instant(rs.getTimestamp("finished_at")), rs.getLong("buckets_compared"),
					rs.getLong("registry_requests"), rs.getLong("replica_queries"), rs.getLong("missing"),
					rs.getLong("stale"), rs.getLong("extra"), rs.getLong("ahead"), rs.getString("republish_job_ids"),
					rs.getString("failure"), List.of());
		}

		ReconciliationView withFindings(List<Finding> list) {
			return new ReconciliationView(this.id, this.prefix, this.republish, this.state, this.requestedBy,
					this.startedAt, this.updatedAt, this.finishedAt, this.bucketsCompared, this.registryRequests,
					this.replicaQueries, this.missing, this.stale, this.extra, this.ahead, this.republishJobIds,
					this.failure, list);
		}

		private static Instant instant(Timestamp ts) {
			return (ts != null) ? ts.toInstant() : null;
		}

	}

}
