package id.niksync.registry.resident;

/** Why a new version of a resident exists; mirrors the contract's {@code ChangeType}. */
public enum ChangeType {

	ISSUED, UPDATED, DEACTIVATED, REACTIVATED, DECEASED, RESYNC

}
