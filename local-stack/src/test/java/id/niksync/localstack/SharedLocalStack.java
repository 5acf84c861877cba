package id.niksync.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local stack, seeded with {@value #SEED} demo residents (Siti Aminah first), for the
 * test classes that only need a running stack and leave it whole: a {@link RunningStack}
 * parameter of their {@code @BeforeAll}. Started by the first of them, stopped when the
 * test run ends (failsafe runs every class of this module in one JVM and one launcher
 * session, and {@code junit-platform.properties} runs these classes last, one after the
 * other). Each class must tolerate what the others leave behind: residents of their own,
 * settled on both sides. A stack start on two cores is half a minute or more.
 */
class SharedLocalStack implements ParameterResolver {

	static final int SEED = 30;

	/** Their {@code @Order}: after every class with a stack of its own. */
	static final int ORDER = Integer.MAX_VALUE;

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SharedLocalStack.class);

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == RunningStack.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.getOrComputeIfAbsent(Started.class, (key) -> Started.start(), Started.class)
			.stack();
	}

	private record Started(Path dir, RunningStack stack) implements ExtensionContext.Store.CloseableResource {

		static Started start() {
			try {
				Path dir = Files.createTempDirectory("shared-local-stack");
				return new Started(dir, LocalStack.start(LocalStackIntegrationTests.freePorts(dir, SEED)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.stack.close();
			try (Stream<Path> files = Files.walk(this.dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}

	}

}
