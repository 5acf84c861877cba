package id.niksync.registry.resident;

/** Belum kawin, kawin, cerai hidup, cerai mati. */
public enum MaritalStatus {

	SINGLE, MARRIED, DIVORCED, WIDOWED

}
