package id.niksync.registry.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The statements of the registry's write path, kept as resources
 * ({@code registry-write/}) so that the benchmark runs exactly these against copies of
 * the tables, as the ceiling the registry's write is measured against, instead of a copy
 * of the SQL that could drift.
 */
public final class WriteStatements {

	private WriteStatements() {
	}

	/**
	 * @param name the file in {@code registry-write/}, e.g.
	 * {@code resident-insert-all.sql}
	 */
	public static String load(String name) {
		String path = "/registry-write/" + name;
		try (InputStream in = WriteStatements.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException(path + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new IllegalStateException(path + " cannot be read", ex);
		}
	}

}
