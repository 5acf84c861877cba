package id.niksync.registry.access;

/**
 * What a registry account may do. Roles do not imply each other: an administrator manages
 * accounts and reads no resident, a registrar writes residents and starts no republish.
 */
public enum RegistryRole {

	/** Registers residents and records their changes, within the account's regions. */
	REGISTRAR,

	/**
	 * Re-onlines NIKs and runs republish jobs within the account's regions; reads the
	 * outbox.
	 */
	SUPERVISOR,

	/** Creates, disables and resets accounts. */
	ADMIN,

	/**
	 * partner-sync-service's own credential: digests, the outbox and reconciliation
	 * republishes, every region.
	 */
	SERVICE,

	/** Reads metrics and health details (a Prometheus scraper). */
	MONITOR

}
