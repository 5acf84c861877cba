package id.niksync.registry.access;

import java.util.List;
import java.util.Set;

/** The bodies of the accounts API. */
final class AccountRequests {

	private AccountRequests() {
	}

	record NewAccount(String username, String password, Set<RegistryRole> roles, List<String> regions, String reason) {

	}

	record Justified(String reason) {

	}

	record PasswordReset(String password, String reason) {

	}

	record AccessChange(Set<RegistryRole> roles, List<String> regions, String reason) {

	}

	record PasswordChange(String currentPassword, String newPassword) {

	}

}
