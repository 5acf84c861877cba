package id.niksync.registry.resident;

public enum ResidentStatus {

	ACTIVE, INACTIVE, DECEASED

}
