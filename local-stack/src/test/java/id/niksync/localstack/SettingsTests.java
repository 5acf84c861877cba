package id.niksync.localstack;

import java.nio.file.Path;
import java.util.Map;

import id.niksync.localstack.LocalStack.Settings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SettingsTests {

	@Test
	void defaultsToTheDocumentedPorts() {
		Settings settings = Settings.from((key) -> null);
		assertThat(settings).isEqualTo(Settings.defaults());
		assertThat(settings.dir()).isEqualTo(Path.of(".local-stack").toAbsolutePath());
		assertThat(settings.ports()).containsExactly(9092, 9093, 8081, 8082, 15432, 15433);
		assertThat(settings.seedCount()).isEqualTo(1000);
	}

	@Test
	void readsOverrides() {
		Map<String, String> values = Map.of("localstack.seed", "10000", "localstack.registry-port", "18081",
				"localstack.dir", "/tmp/elsewhere");
		Settings settings = Settings.from(values::get);
		assertThat(settings.seedCount()).isEqualTo(10000);
		assertThat(settings.registryPort()).isEqualTo(18081);
		assertThat(settings.dir()).isEqualTo(Path.of("/tmp/elsewhere"));
		assertThat(settings.kafkaPort()).isEqualTo(9092);
	}

	@Test
	void namesTheEnvironmentVariable() {
		assertThat(Settings.environmentVariable("localstack.seed")).isEqualTo("LOCALSTACK_SEED");
		assertThat(Settings.environmentVariable("localstack.registry-pg-port"))
			.isEqualTo("LOCALSTACK_REGISTRY_PG_PORT");
	}

	@Test
	void refusesWhatIsNotANumber() {
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.from(Map.of("localstack.seed", "many")::get))
			.withMessageContaining("LOCALSTACK_SEED");
	}

}
