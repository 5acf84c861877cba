package id.niksync.sync.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first operators, once: an existing account is left as it is, so
 * a restart never resets a changed password. A configured password that breaks the
 * password policy stops the start.
 */
@Component
class AccessBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AccessBootstrap.class);

	private final AccessProperties properties;

	private final OperatorAccountChanges accounts;

	AccessBootstrap(AccessProperties properties, OperatorAccountChanges accounts) {
		this.properties = properties;
		this.accounts = accounts;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (AccessProperties.BootstrapOperator operator : this.properties.bootstrapOperators()) {
			String username = (operator.username() != null) ? operator.username().trim() : null;
			if (this.accounts.createConfigured(username, operator.password(), operator.roles())) {
				log.info("Created operator {} with roles {}", username, operator.roles());
			}
		}
	}

}
