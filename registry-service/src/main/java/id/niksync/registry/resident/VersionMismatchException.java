package id.niksync.registry.resident;

/** The caller changed a version it read earlier, but the resident has moved on since. */
public class VersionMismatchException extends RuntimeException {

	private final long currentVersion;

	VersionMismatchException(long expected, long currentVersion) {
		super("Expected version " + expected + " but the resident is at version " + currentVersion);
		this.currentVersion = currentVersion;
	}

	public long currentVersion() {
		return this.currentVersion;
	}

}
