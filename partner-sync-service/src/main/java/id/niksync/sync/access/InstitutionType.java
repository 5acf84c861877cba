package id.niksync.sync.access;

/** What kind of partner an institution is; the kind decides which fields it may see. */
public enum InstitutionType {

	BANK, BPJS, KEMENAG, OTHER

}
