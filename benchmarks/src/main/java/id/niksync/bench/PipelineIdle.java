package id.niksync.bench;

import org.apache.kafka.clients.admin.Admin;

/**
 * Whether the pipeline has nothing in flight: no outbox row the relay has not published,
 * and partner-sync's group committed on every partition of {@code nik-changes} up to its
 * end. Checked before counting what reached the replica: a {@code count(*)} over a
 * million rows every second loads the very database being measured (it was a fifth of the
 * replica PostgreSQL's CPU during the regency's re-online), whereas this costs one index
 * probe and three admin requests. Only a hint: the count still decides, and runs at least
 * every {@link Db#COUNT_ANYWAY} whatever this says. Committed offsets can stay short of a
 * partition's last transaction marker on an idle topic (partner-sync's lag reader tells
 * them apart; this does not), which made a run wait for good.
 */
final class PipelineIdle implements AutoCloseable {

	private final Db registryDb;

	private final Admin admin;

	PipelineIdle(Stack stack) {
		this.registryDb = new Db(stack.registryDb());
		this.admin = stack.broker().admin();
	}

	boolean now() {
		try {
			return this.registryDb.queryLong("SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT 1) pending") == 0
					&& Offsets.lag(this.admin, Offsets.committed(this.admin)) <= 0;
		}
		catch (Exception ex) {
			// a hint only: when it cannot be had, count
			return true;
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
