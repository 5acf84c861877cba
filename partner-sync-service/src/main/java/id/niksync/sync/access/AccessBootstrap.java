package id.niksync.sync.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first operators and demo institutions, once: what exists is left
 * as it is, so a restart never resets a changed password or a rotated key.
 */
@Component
class AccessBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AccessBootstrap.class);

	private final AccessProperties properties;

	private final OperatorAccounts operators;

	private final Institutions institutions;

	AccessBootstrap(AccessProperties properties, OperatorAccounts operators, Institutions institutions) {
		this.properties = properties;
		this.operators = operators;
		this.institutions = institutions;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (AccessProperties.BootstrapOperator operator : this.properties.bootstrapOperators()) {
			if (this.operators.createIfAbsent(operator.username(), operator.password(), operator.roles())) {
				log.info("Created operator {} with roles {}", operator.username(), operator.roles());
			}
		}
		for (AccessProperties.BootstrapInstitution institution : this.properties.bootstrapInstitutions()) {
			if (this.institutions.registerIfAbsent(institution.name(), institution.type(),
					institution.requestsPerSecond(), institution.apiKey())) {
				log.info("Registered institution {} ({}) with its configured key", institution.name(),
						institution.type());
			}
		}
	}

}
