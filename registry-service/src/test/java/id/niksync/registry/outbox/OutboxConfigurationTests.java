package id.niksync.registry.outbox;

import id.niksync.schemas.signing.SigningKeys;
import id.niksync.testsupport.TestEventSigning;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OutboxConfigurationTests {

	private final OutboxConfiguration configuration = new OutboxConfiguration();

	@Test
	void refusesToStartWithoutASigningKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.eventSigner(
					new SigningProperties(null, SigningKeys.encode(TestEventSigning.newKey("k").pair().getPrivate()))))
			.withMessageContaining("niksync.signing.key-id is not set (NIKSYNC_SIGNING_KEY_ID)");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.eventSigner(new SigningProperties("reg-1", " ")))
			.withMessageContaining("niksync.signing.private-key is not set (NIKSYNC_SIGNING_PRIVATE_KEY)");
	}

	@Test
	void refusesAKeyThatIsNoEd25519PrivateKeyWithoutQuotingIt() {
		String publicKey = TestEventSigning.PUBLIC_KEY;

		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.eventSigner(new SigningProperties("reg-1", publicKey)))
			.withMessageContaining("not an Ed25519 key in PKCS#8")
			.withMessageNotContaining(publicKey);
	}

	@Test
	void signsWithTheConfiguredKey() {
		TestEventSigning.Key key = TestEventSigning.newKey("reg-2026");

		assertThat(this.configuration
			.eventSigner(new SigningProperties("reg-2026", SigningKeys.encode(key.pair().getPrivate())))
			.keyId()).isEqualTo("reg-2026");
	}

	@Test
	void neverShowsThePrivateKey() {
		assertThat(new SigningProperties("reg-1", "secret-bytes")).asString().doesNotContain("secret-bytes");
	}

}
