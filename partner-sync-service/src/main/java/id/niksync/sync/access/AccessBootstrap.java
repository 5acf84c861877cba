package id.niksync.sync.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first operators, once: an existing account is left as it is, so
 * a restart never resets a changed password.
 */
@Component
class AccessBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AccessBootstrap.class);

	private final AccessProperties properties;

	private final OperatorAccounts operators;

	AccessBootstrap(AccessProperties properties, OperatorAccounts operators) {
		this.properties = properties;
		this.operators = operators;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (AccessProperties.BootstrapOperator operator : this.properties.bootstrapOperators()) {
			if (this.operators.createIfAbsent(operator.username(), operator.password(), operator.roles())) {
				log.info("Created operator {} with roles {}", operator.username(), operator.roles());
			}
		}
	}

}
