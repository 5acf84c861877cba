package id.niksync.schemas;

import id.niksync.schemas.avro.NikChanged;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@code nik-changes} values. Throws
 * {@link EventDecodingException} for bytes that cannot be decoded, so an
 * {@code ErrorHandlingDeserializer} can hand them to the error handler.
 */
public class NikChangedDeserializer implements Deserializer<NikChanged> {

	private final NikChangedCodec codec;

	public NikChangedDeserializer() {
		this(new NikChangedCodec());
	}

	public NikChangedDeserializer(NikChangedCodec codec) {
		this.codec = codec;
	}

	@Override
	public NikChanged deserialize(String topic, byte[] data) {
		return this.codec.decode(data);
	}

}
