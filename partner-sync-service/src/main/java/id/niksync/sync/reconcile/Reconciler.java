package id.niksync.sync.reconcile;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import id.niksync.schemas.registry.RegionDigest;
import id.niksync.schemas.registry.RegionDigest.Bucket;
import id.niksync.sync.registry.RegistryClient;

import org.springframework.stereotype.Component;

/**
 * Anti-entropy between the registry and the replica (G6). Both sides digest the children
 * of a region prefix; only buckets that differ are descended into (province → regency →
 * district → NIK), so a converged replica costs one aggregate query on each side, and a
 * divergent one costs a few queries per differing branch, never one per NIK.
 */
@Component
class Reconciler {

	private final RegistryClient registry;

	private final ReplicaDigests replica;

	Reconciler(RegistryClient registry, ReplicaDigests replica) {
		this.registry = registry;
		this.replica = replica;
	}

	Outcome reconcile(String prefix, Consumer<Finding> findings, Consumer<Outcome> progress) {
		Outcome outcome = new Outcome();
		Deque<String> pending = new ArrayDeque<>();
		pending.add(prefix);
		while (!pending.isEmpty()) {
			String current = pending.poll();
			RegionDigest theirs = this.registry.digests(current);
			outcome.registryRequests++;
			Map<String, Bucket> registryBuckets = byName(theirs.buckets());
			Map<String, Bucket> replicaBuckets = byName(this.replica.children(current, theirs.childLength()));
			outcome.replicaQueries++;
			TreeSet<String> names = new TreeSet<>(registryBuckets.keySet());
			names.addAll(replicaBuckets.keySet());
			for (String name : names) {
				Bucket inRegistry = registryBuckets.get(name);
				Bucket onReplica = replicaBuckets.get(name);
				outcome.bucketsCompared++;
				if (inRegistry != null && inRegistry.sameAs(onReplica)) {
					continue;
				}
				if (theirs.childLength() == 16) {
					Finding finding = classify(name, inRegistry, onReplica);
					outcome.count(finding.kind());
					findings.accept(finding);
				}
				else {
					pending.add(name);
				}
			}
			progress.accept(outcome);
		}
		return outcome;
	}

	private static Finding classify(String nik, Bucket inRegistry, Bucket onReplica) {
		if (onReplica == null) {
			return new Finding(nik, Finding.Kind.MISSING, inRegistry.version(), null);
		}
		if (inRegistry == null) {
			return new Finding(nik, Finding.Kind.EXTRA, null, onReplica.version());
		}
		Finding.Kind kind = (onReplica.version() < inRegistry.version()) ? Finding.Kind.STALE : Finding.Kind.AHEAD;
		return new Finding(nik, kind, inRegistry.version(), onReplica.version());
	}

	private static Map<String, Bucket> byName(List<Bucket> buckets) {
		return buckets.stream().collect(Collectors.toMap(Bucket::bucket, Function.identity()));
	}

	/** Counts as a run goes: what was compared, what it cost, what was found. */
	static final class Outcome {

		long bucketsCompared;

		long registryRequests;

		long replicaQueries;

		long missing;

		long stale;

		long extra;

		long ahead;

		void count(Finding.Kind kind) {
			switch (kind) {
				case MISSING -> this.missing++;
				case STALE -> this.stale++;
				case EXTRA -> this.extra++;
				case AHEAD -> this.ahead++;
			}
		}

		long differences() {
			return this.missing + this.stale + this.extra + this.ahead;
		}

	}

}
