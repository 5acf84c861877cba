package id.niksync.sync.access;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in before anyone has been registered through the API.
 *
 * @param passwordStrength BCrypt cost for operator passwords stored from now on
 * @param bootstrapOperators operators created at start-up when their username is not
 * taken (an existing account is never changed); their passwords come from the
 * environment, never from a file in the repository
 */
@ConfigurationProperties("niksync.access")
record AccessProperties(@DefaultValue("10") int passwordStrength, List<BootstrapOperator> bootstrapOperators) {

	AccessProperties {
		bootstrapOperators = (bootstrapOperators != null) ? bootstrapOperators : List.of();
	}

	record BootstrapOperator(String username, String password, Set<OperatorRole> roles) {
	}

}
