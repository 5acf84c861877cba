package id.niksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the benchmark and the fault suite share around their runs: the progress log, the
 * commit measured, a clean work directory, and stopping the stack when the run is
 * interrupted.
 */
public final class Harness {

	private Harness() {
	}

	/**
	 * {@code [  12.3 s] message}, seconds since {@code started}
	 * ({@code System.nanoTime()}).
	 */
	public static void log(long started, String message) {
		System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
	}

	/** {@code git describe --always --dirty} of {@code repository}, or "unknown". */
	public static String git(Path repository) {
		try {
			Process git = new ProcessBuilder("git", "-C", repository.toString(), "describe", "--always", "--dirty")
				.redirectErrorStream(true)
				.start();
			String out = new String(git.getInputStream().readAllBytes()).trim();
			return (git.waitFor() == 0) ? out : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	public static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * Stops the stack's processes if the run is stopped (Ctrl-C, SIGTERM) before it
	 * closes the stack itself; closing this removes the hook.
	 */
	public static AutoCloseable stopOnShutdown(Stack stack, String threadName) {
		Thread hook = new Thread(stack::close, threadName);
		Runtime.getRuntime().addShutdownHook(hook);
		return () -> {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ex) {
				// already shutting down: the hook runs
			}
		};
	}

}
