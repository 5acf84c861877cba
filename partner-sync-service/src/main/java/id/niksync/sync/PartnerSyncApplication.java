package id.niksync.sync;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Keeps the partner replica in step with the registry: consumes {@code nik-changes} into
 * the replica, parks what cannot be applied in {@code nik-changes-dlt}, and answers
 * operators.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerSyncApplication {

	public static void main(String[] args) {
		SpringApplication.run(PartnerSyncApplication.class, args);
	}

}
