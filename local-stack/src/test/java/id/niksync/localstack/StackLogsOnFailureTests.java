package id.niksync.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StackLogsOnFailureTests {

	@TempDir
	Path stack;

	@Test
	void keepsEveryLogOfTheStackButNoneOfKafkasSegmentsOrPostgresData() throws Exception {
		Path service = write("logs/partner-sync-service.log");
		Path broker = write("kafka/node-1/broker.log");
		Path acls = write("kafka/node-1/acls.log");
		Path postgres = write("postgres-sync.log");
		Path watchdog = write("run/watchdog.log");
		Path launcher = write("launcher.out");
		write("kafka/node-1/data/nik.changed-0/00000000000000000000.log");
		write("postgres-sync/log/postgresql.log");
		write("logs/partner-sync-service.log.1.gz");
		write("kafka/node-1/server.properties");

		assertThat(StackLogsOnFailure.logs(this.stack)).containsExactlyInAnyOrder(service, broker, acls, postgres,
				watchdog, launcher);
	}

	private Path write(String relative) throws Exception {
		Path file = this.stack.resolve(relative);
		Files.createDirectories(file.getParent());
		Files.writeString(file, relative);
		return file;
	}

}
