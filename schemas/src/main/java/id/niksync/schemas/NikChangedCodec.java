package id.niksync.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.ChangeType;
import id.niksync.schemas.avro.MaritalStatus;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Religion;
import id.niksync.schemas.avro.Resident;
import id.niksync.schemas.avro.ResidentStatus;
import id.niksync.schemas.avro.Sex;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Writes and reads {@code NikChanged} in Avro single-object encoding ({@code C3 01}, the
 * writer schema's 8-byte CRC-64-AVRO fingerprint, the binary body). Reading resolves the
 * writer's schema from a store of every published version, so bytes written by any
 * earlier version decode into the current classes.
 *
 * <p>
 * This is the one place that knows the wire format; a schema-registry-backed codec would
 * replace this class and nothing else. Instances are thread-safe.
 */
public final class NikChangedCodec {

	static {
		// Avro 1.12 refuses to instantiate generated classes it was not told to trust;
		// trusting
		// them here means no service needs -Dorg.apache.avro.SERIALIZABLE_PACKAGES.
		ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
				ClassSecurityValidator.builder()
					.add(NikChanged.class)
					.add(Resident.class)
					.add(Address.class)
					.add(ChangeType.class)
					.add(Sex.class)
					.add(Religion.class)
					.add(MaritalStatus.class)
					.add(ResidentStatus.class)
					.build()));
	}

	private final BinaryMessageEncoder<NikChanged> encoder = NikChanged.getEncoder();

	private final BinaryMessageDecoder<NikChanged> decoder;

	/** A codec that reads every published version. */
	public NikChangedCodec() {
		this(PublishedSchemas.store());
	}

	/** A codec that reads the versions {@code store} holds (plus the current one). */
	public NikChangedCodec(SchemaStore store) {
		this.decoder = NikChanged.createDecoder(store);
	}

	/**
	 * Teaches this codec another writer schema, e.g. one published after it was built.
	 */
	public void learn(Schema writerSchema) {
		this.decoder.addSchema(writerSchema);
	}

	public byte[] encode(NikChanged event) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		try {
			this.encoder.encode(event, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	public NikChanged decode(byte[] bytes) {
		if (bytes == null) {
			throw new EventDecodingException(EventDecodingException.Reason.DESERIALIZATION, "Record has no value",
					null);
		}
		try {
			return this.decoder.decode(bytes);
		}
		catch (MissingSchemaException ex) {
			throw new EventDecodingException(EventDecodingException.Reason.UNKNOWN_SCHEMA, ex.getMessage(), ex);
		}
		catch (BadHeaderException ex) {
			throw new EventDecodingException(EventDecodingException.Reason.DESERIALIZATION,
					"Not Avro single-object encoding: " + ex.getMessage(), ex);
		}
		catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException ex) {
			throw new EventDecodingException(EventDecodingException.Reason.DESERIALIZATION,
					"Body does not match its schema: " + ex, ex);
		}
	}

}
