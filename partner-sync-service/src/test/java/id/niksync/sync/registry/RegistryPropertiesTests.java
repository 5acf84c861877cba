package id.niksync.sync.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code niksync.registry} as {@code application.yml} sets it, including the deprecated
 * name of the base URL that deployments and launchers still pass.
 */
class RegistryPropertiesTests {

	@Test
	void defaultsToTheRegistryOnThisHost() throws IOException {
		RegistryProperties settings = bind(Map.of());

		assertThat(settings.baseUrl()).isEqualTo("http://localhost:8081");
		assertThat(settings.outboxTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void takesTheBaseUrlFromItsDeprecatedNameWhenTheNewOneIsNotSet() throws IOException {
		assertThat(bind(Map.of("niksync.reconcile.registry-base-url", "http://registry-service:8081")).baseUrl())
			.isEqualTo("http://registry-service:8081");
	}

	@Test
	void theNewNameWins() throws IOException {
		assertThat(bind(Map.of("niksync.reconcile.registry-base-url", "http://old:8081", "niksync.registry.base-url",
				"http://new:8081"))
			.baseUrl()).isEqualTo("http://new:8081");
	}

	private static RegistryProperties bind(Map<String, Object> overrides) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		ConfigurationPropertySources.attach(environment);
		return Binder.get(environment).bindOrCreate("niksync.registry", RegistryProperties.class);
	}

}
