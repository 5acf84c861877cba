package id.niksync.sync.partner;

/** The whole answer a verification gives about one field. */
enum Match {

	MATCH, NO_MATCH;

	static Match of(boolean same) {
		return same ? MATCH : NO_MATCH;
	}

}
