package id.niksync.registry.access;

import java.util.List;
import java.util.Map;

import id.niksync.access.PasswordPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first accounts, once: an existing account is left as it is, so a
 * restart never resets a changed password. An invalid one stops the start with its
 * reason.
 */
@Component
class AccessBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AccessBootstrap.class);

	private final AccessProperties properties;

	private final RegistryAccounts accounts;

	private final PasswordPolicy policy;

	AccessBootstrap(AccessProperties properties, RegistryAccounts accounts, PasswordPolicy policy) {
		this.properties = properties;
		this.accounts = accounts;
		this.policy = policy;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (AccessProperties.BootstrapAccount account : this.properties.bootstrapAccounts()) {
			List<Map<String, String>> violations = AccountRules.check(this.policy, account.username(),
					account.password(), account.roles(), account.regions());
			if (!violations.isEmpty()) {
				throw new IllegalStateException("Bootstrap account " + account.username() + " is not valid: "
						+ violations.stream().map((v) -> v.get("field") + " " + v.get("code")).toList());
			}
			if (this.accounts.createIfAbsent(account.username(), account.password(), account.roles(),
					account.regions())) {
				log.info("Created registry account {} with roles {} for regions {}", account.username(),
						account.roles(), account.regions());
			}
		}
	}

}
