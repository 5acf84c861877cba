package id.niksync.sync;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Keeps the partner replica in step with the registry: consumes {@code nik-changes} into
 * the replica, parks what cannot be applied in {@code nik-changes-dlt}, and answers
 * operators.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerSyncApplication {

	/**
	 * The service's configuration file is {@code partner-sync-service.yml}, so it can
	 * share a JVM.
	 */
	public static final String CONFIG_NAME = "spring.config.name=partner-sync-service";

	public static void main(String[] args) {
		application().run(args);
	}

	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(PartnerSyncApplication.class).properties(CONFIG_NAME);
	}

}
