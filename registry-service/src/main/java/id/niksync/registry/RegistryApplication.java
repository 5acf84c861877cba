package id.niksync.registry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The registry of record: residents are written here, and every accepted change leaves
 * through the transactional outbox as a {@code NikChanged} event.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistryApplication {

	/**
	 * The service's configuration file is {@code registry-service.yml}, so it can share a
	 * JVM.
	 */
	public static final String CONFIG_NAME = "spring.config.name=registry-service";

	public static void main(String[] args) {
		application().run(args);
	}

	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(RegistryApplication.class).properties(CONFIG_NAME);
	}

}
