package id.niksync.sync.access;

/** ADMIN implies OPERATOR (see the role hierarchy in {@link SecurityConfiguration}). */
enum OperatorRole {

	OPERATOR, ADMIN

}
