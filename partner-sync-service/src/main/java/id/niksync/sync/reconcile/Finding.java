package id.niksync.sync.reconcile;

/**
 * A NIK on which the replica disagrees with the registry.
 *
 * @param kind MISSING (not on the replica), STALE (older version on the replica), EXTRA
 * (on the replica only), AHEAD (newer on the replica than in the registry)
 */
record Finding(String nik, Kind kind, Long registryVersion, Long replicaVersion) {

	enum Kind {

		MISSING, STALE, EXTRA, AHEAD

	}

	/** Findings the registry can repair by republishing. */
	boolean repairable() {
		return this.kind == Kind.MISSING || this.kind == Kind.STALE;
	}

}
