package id.niksync.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every published version of the {@code NikChanged} schema, oldest first. Versions live
 * in {@code src/main/avro/nik-changed-vN.avsc} and are never edited or removed once
 * published: a consumer must be able to read bytes written by any of them.
 */
public final class PublishedSchemas {

	private static final String LOCATION = "/id/niksync/schemas/avro/nik-changed-v%d.avsc";

	private static final List<Schema> ALL = load();

	private PublishedSchemas() {
	}

	/** All published versions, oldest first. */
	public static List<Schema> all() {
		return ALL;
	}

	/** The newest published version. */
	public static Schema latest() {
		return ALL.get(ALL.size() - 1);
	}

	/** A store that resolves any published version by its CRC-64-AVRO fingerprint. */
	public static SchemaStore.Cache store() {
		SchemaStore.Cache store = new SchemaStore.Cache();
		ALL.forEach(store::addSchema);
		return store;
	}

	private static List<Schema> load() {
		List<Schema> schemas = new ArrayList<>();
		for (int version = 1;; version++) {
			try (InputStream in = PublishedSchemas.class.getResourceAsStream(LOCATION.formatted(version))) {
				if (in == null) {
					break;
				}
				schemas.add(new Schema.Parser().parse(in));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read published schema v" + version, ex);
			}
		}
		if (schemas.isEmpty()) {
			throw new IllegalStateException("No published NikChanged schema on the classpath");
		}
		return List.copyOf(schemas);
	}

}
