package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories that hold citizens' records (PostgreSQL's data, the broker's log segments)
 * or secrets: readable by their owner only ({@code rwx------}), so whatever the processes
 * create under them, with whatever umask, no other local user can reach it.
 */
final class PrivateDirectory {

	static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private PrivateDirectory() {
	}

	/**
	 * Creates {@code dir} (and missing parents) owner-only, or makes an existing one so
	 * (a directory made by someone else first, e.g. the benchmarks' work directory).
	 */
	static Path of(Path dir) throws IOException {
		boolean posix = Files.getFileStore(existingAncestor(dir))
			.supportsFileAttributeView(PosixFileAttributeView.class);
		if (!Files.isDirectory(dir)) {
			if (posix) {
				Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			else {
				Files.createDirectories(dir);
			}
		}
		if (posix && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
			Files.setPosixFilePermissions(dir, OWNER_ONLY);
		}
		return dir;
	}

	private static Path existingAncestor(Path dir) {
		Path existing = dir.toAbsolutePath();
		while (!Files.exists(existing) && existing.getParent() != null) {
			existing = existing.getParent();
		}
		return existing;
	}

}
