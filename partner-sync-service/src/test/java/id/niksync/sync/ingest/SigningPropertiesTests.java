package id.niksync.sync.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import id.niksync.schemas.signing.EventVerifier;
import id.niksync.testsupport.TestEventSigning;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningPropertiesTests {

	private final IngestConfiguration configuration = new IngestConfiguration();

	@Test
	void takesSeveralKeysFromTheEnvironment() {
		TestEventSigning.Key next = TestEventSigning.newKey("registry-2027");
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("NIKSYNC_SIGNING_VERIFICATIONKEYS_0_KEYID", TestEventSigning.KEY_ID);
		environment.put("NIKSYNC_SIGNING_VERIFICATIONKEYS_0_PUBLICKEY", TestEventSigning.PUBLIC_KEY);
		environment.put("NIKSYNC_SIGNING_VERIFICATIONKEYS_1_KEYID", next.keyId());
		environment.put("NIKSYNC_SIGNING_VERIFICATIONKEYS_1_PUBLICKEY", next.publicKey());

		EventVerifier verifier = this.configuration.eventVerifier(bind(environment));

		assertThat(verifier.keyIds()).containsExactly("registry-2027", TestEventSigning.KEY_ID);
	}

	@Test
	void refusesToStartWithoutAKey() {
		assertThatIllegalStateException().isThrownBy(() -> this.configuration.eventVerifier(bind(Map.of())))
			.withMessageContaining("niksync.signing.verification-keys is not set")
			.withMessageContaining("NIKSYNC_SIGNING_VERIFICATIONKEYS_0_KEYID");
	}

	@Test
	void refusesAKeyIdTwiceAKeyThatIsNoneAndAKeyIdThatIsNone() {
		SigningProperties.VerificationKey test = new SigningProperties.VerificationKey(TestEventSigning.KEY_ID,
				TestEventSigning.PUBLIC_KEY);

		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.eventVerifier(new SigningProperties(List.of(test, test))))
			.withMessageContaining("verification-keys[1]")
			.withMessageContaining("given twice");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.eventVerifier(
					new SigningProperties(List.of(new SigningProperties.VerificationKey("registry", "bm90IGEga2V5")))))
			.withMessageContaining("verification-keys[0]")
			.withMessageContaining("not an Ed25519 key");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.eventVerifier(new SigningProperties(
					List.of(new SigningProperties.VerificationKey(null, TestEventSigning.PUBLIC_KEY)))))
			.withMessageContaining("key id");
	}

	private static SigningProperties bind(Map<String, Object> environment) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
		return new Binder(ConfigurationPropertySources.from(sources)).bind("niksync.signing", SigningProperties.class)
			.orElseGet(() -> new SigningProperties(null));
	}

}
