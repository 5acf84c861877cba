package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the logs of a failed test's stack (services, brokers, PostgreSQL servers, the
 * watchdog, a launcher's output: every {@code *.log} and {@code *.out} outside Kafka's
 * and PostgreSQL's data) in {@code target/stack-logs/<class>.<method>/}, before the stack
 * and its temporary directory are gone; {@code .ci/run} prints their ends when the tests
 * fail. Without them a failure seen once on a busy machine cannot be told apart from a
 * bug.
 */
final class StackLogsOnFailure implements AfterEachCallback {

	private final Supplier<Path> dir;

	/**
	 * @param dir the stack's directory, or {@code null} while there is none
	 */
	StackLogsOnFailure(Supplier<Path> dir) {
		this.dir = dir;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Path stackDir = this.dir.get();
		if (context.getExecutionException().isEmpty() || stackDir == null || !Files.isDirectory(stackDir)) {
			return;
		}
		int kept = 0;
		Path into = Path.of("target", "stack-logs",
				context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
		try {
			for (Path log : logs(stackDir)) {
				Path copy = into.resolve(stackDir.relativize(log).toString());
				Files.createDirectories(copy.getParent());
				Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
				kept++;
			}
		}
		catch (IOException ex) {
			// The test's own failure is what matters; this one is only reported.
			System.err.println("Could not keep all of the failed test's stack logs: " + ex);
		}
		System.err.println(kept + " logs of the failed test's stack are kept in " + into.toAbsolutePath());
	}

	static List<Path> logs(Path stackDir) throws IOException {
		List<Path> logs = new ArrayList<>();
		Files.walkFileTree(stackDir, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				// Kafka's segments are *.log files too; PostgreSQL's data holds no log.
				String name = dir.getFileName().toString();
				return (name.equals("data") || name.startsWith("postgres-")) ? FileVisitResult.SKIP_SUBTREE
						: FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				String name = file.getFileName().toString();
				if (attributes.isRegularFile() && (name.endsWith(".log") || name.endsWith(".out"))) {
					logs.add(file);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) {
				// gone or unreadable while the stack runs on
				return FileVisitResult.CONTINUE;
			}

		});
		return logs;
	}

}
