package id.niksync.identity;

/**
 * The sex encoded in a NIK: women's birth day is stored with 40 added.
 */
public enum Sex {

	MALE, FEMALE

}
