package id.niksync.sync.lag;

import java.time.Instant;

/**
 * Whether the sampler could read the replica database, since when not, and why.
 *
 * @param reachable the last read worked
 * @param since when reads started failing (null while reachable)
 * @param error the last failure: the innermost cause's class and message, or "circuit
 * breaker open" when the breaker refused the read (null while reachable)
 */
public record ReplicaDatabase(boolean reachable, Instant since, String error) {

	static final ReplicaDatabase REACHABLE = new ReplicaDatabase(true, null, null);

	static ReplicaDatabase unreachable(Instant since, String error) {
		return new ReplicaDatabase(false, since, error);
	}

	ReplicaDatabase because(String error) {
		return new ReplicaDatabase(false, this.since, error);
	}

}
