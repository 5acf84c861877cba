package id.niksync.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateDirectoryTests {

	@TempDir
	Path dir;

	@Test
	void aNewDirectoryAndItsNewParentsAreReadableByTheirOwnerOnly() throws Exception {
		Path created = PrivateDirectory.of(this.dir.resolve("stack/kafka"));

		assertThat(permissions(created)).isEqualTo("rwx------");
		assertThat(permissions(created.getParent())).isEqualTo("rwx------");
	}

	@Test
	void anExistingWorldReadableDirectoryIsMadeOwnerOnly() throws Exception {
		Path existing = Files.createDirectory(this.dir.resolve("work"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxrwxrwx"));

		PrivateDirectory.of(existing);

		assertThat(permissions(existing)).isEqualTo("rwx------");
	}

	private static String permissions(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}

}
