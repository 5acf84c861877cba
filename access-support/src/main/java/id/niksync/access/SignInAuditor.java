package id.niksync.access;

/**
 * Records sign-ins. Every one that fails must be recorded; with stateless HTTP Basic
 * every request signs in again, so an implementation may record a
 * {@link SignInOutcome#SUCCESS} only once per account and client address in a window (the
 * service documents which).
 */
public interface SignInAuditor {

	void record(SignInAttempt attempt);

}
