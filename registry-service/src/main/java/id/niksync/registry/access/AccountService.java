package id.niksync.registry.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import id.niksync.access.PasswordPolicy;
import id.niksync.registry.access.AccountRequests.AccessChange;
import id.niksync.registry.access.AccountRequests.NewAccount;
import id.niksync.registry.system.Caller;
import id.niksync.registry.system.CodedProblemException;
import id.niksync.registry.system.Problems;
import id.niksync.registry.system.Reasons;
import id.niksync.registry.system.RegistryAudit;

import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administrators manage accounts; everyone changes their own password. Each change and
 * its audit row commit together; no password or hash is ever audited or logged.
 */
@Service
class AccountService {

	static final String CREATED = "ACCOUNT_CREATED";

	static final String DISABLED = "ACCOUNT_DISABLED";

	static final String ENABLED = "ACCOUNT_ENABLED";

	static final String PASSWORD_RESET = "ACCOUNT_PASSWORD_RESET";

	static final String ACCESS_CHANGED = "ACCOUNT_ACCESS_CHANGED";

	static final String PASSWORD_CHANGED = "ACCOUNT_PASSWORD_CHANGED";

	private final RegistryAccounts accounts;

	private final PasswordPolicy policy;

	private final PasswordEncoder passwords;

	private final RegistryAudit audit;

	AccountService(RegistryAccounts accounts, PasswordPolicy policy, PasswordEncoder passwords, RegistryAudit audit) {
		this.accounts = accounts;
		this.policy = policy;
		this.passwords = passwords;
		this.audit = audit;
	}

	@Transactional
	AccountView create(NewAccount request, Caller caller) {
		String reason = Reasons.required(request.reason());
		invalidIfAny(AccountRules.check(this.policy, request.username(), request.password(), request.roles(),
				request.regions()));
		List<String> regions = (request.regions() != null) ? request.regions() : List.of();
		if (!this.accounts.createIfAbsent(request.username(), request.password(), request.roles(), regions)) {
			throw new CodedProblemException(HttpStatus.CONFLICT, "ACCOUNT_EXISTS", "This username is taken");
		}
		this.audit.record(caller, CREATED, request.username(), reason, access(request.roles(), regions));
		return this.accounts.view(request.username()).orElseThrow();
	}

	@Transactional
	AccountView setActive(String username, boolean active, String reason, Caller caller) {
		String why = Reasons.required(reason);
		this.accounts.serializeAdministratorChanges();
		requireStillAdministrator(caller);
		AccountView account = locked(username);
		if (!active && (username.equals(caller.name())
				|| (account.roles().contains(RegistryRole.ADMIN) && this.accounts.otherActiveAdmins(username) == 0))) {
			throw new CodedProblemException(HttpStatus.CONFLICT, "LAST_ADMIN_OR_SELF",
					"Administrators cannot disable themselves or the last active administrator");
		}
		this.accounts.setActive(username, active);
		this.audit.record(caller, active ? ENABLED : DISABLED, username, why, Map.of());
		return this.accounts.view(username).orElseThrow();
	}

	@Transactional
	AccountView resetPassword(String username, String password, String reason, Caller caller) {
		String why = Reasons.required(reason);
		locked(username);
		invalidIfAny(AccountRules.password(this.policy, username, password));
		this.accounts.setPassword(username, password);
		this.audit.record(caller, PASSWORD_RESET, username, why, Map.of());
		return this.accounts.view(username).orElseThrow();
	}

	@Transactional
	AccountView changeAccess(String username, AccessChange request, Caller caller) {
		String why = Reasons.required(request.reason());
		this.accounts.serializeAdministratorChanges();
		requireStillAdministrator(caller);
		AccountView account = locked(username);
		invalidIfAny(AccountRules.access(request.roles(), request.regions()));
		List<String> regions = (request.regions() != null) ? request.regions() : List.of();
		if (account.roles().contains(RegistryRole.ADMIN) && !request.roles().contains(RegistryRole.ADMIN)
				&& (username.equals(caller.name()) || this.accounts.otherActiveAdmins(username) == 0)) {
			throw new CodedProblemException(HttpStatus.CONFLICT, "LAST_ADMIN_OR_SELF",
					"Administrators cannot remove their own ADMIN role or the last administrator's");
		}
		this.accounts.setAccess(username, request.roles(), regions);
		this.audit.record(caller, ACCESS_CHANGED, username, why, access(request.roles(), regions));
		return this.accounts.view(username).orElseThrow();
	}

	/**
	 * Any signed-in account, its own password: the current one proves it is the owner.
	 */
	@Transactional
	void changeOwnPassword(String currentPassword, String newPassword, Caller caller) {
		invalidIfAny(missing(currentPassword, newPassword));
		locked(caller.name());
		String hash = this.accounts.passwordHash(caller.name()).orElseThrow();
		if (!PasswordPolicy.isCurrent(this.passwords, currentPassword, hash)) {
			throw new CodedProblemException(HttpStatus.BAD_REQUEST, "CURRENT_PASSWORD_WRONG",
					"The current password is not right");
		}
		invalidIfAny(AccountRules.password(this.policy, caller.name(), newPassword, "newPassword"));
		if (this.passwords.matches(newPassword, hash)) {
			throw new CodedProblemException(Problems.validationFailed(
					List.of(Problems.violation("newPassword", "PASSWORD_UNCHANGED", "the new password must differ"))));
		}
		this.accounts.setPassword(caller.name(), newPassword);
		this.audit.record(caller, PASSWORD_CHANGED, caller.name(), null, Map.of());
	}

	/**
	 * A field left out is named, not read as a wrong current password: {@code {}} was
	 * answered CURRENT_PASSWORD_WRONG.
	 */
	private static List<Map<String, String>> missing(String currentPassword, String newPassword) {
		List<Map<String, String>> violations = new ArrayList<>();
		if (currentPassword == null) {
			violations.add(Problems.violation("currentPassword", "FIELD_REQUIRED", "the current password"));
		}
		if (newPassword == null) {
			violations.add(Problems.violation("newPassword", "FIELD_REQUIRED", "the new password"));
		}
		return violations;
	}

	/**
	 * The caller signed in as an active administrator, but another change may have
	 * disabled or demoted it since: two administrators disabling each other at once both
	 * succeeded (attack run 2026-12-06). Read after the changes are serialized, so the
	 * second of them sees the first.
	 */
	private void requireStillAdministrator(Caller caller) {
		if (this.accounts.view(caller.name())
			.filter((account) -> account.active() && account.roles().contains(RegistryRole.ADMIN))
			.isEmpty()) {
			throw new CodedProblemException(HttpStatus.FORBIDDEN, "FORBIDDEN",
					"This account is no longer an active administrator");
		}
	}

	private AccountView locked(String username) {
		return this.accounts.lock(username)
			.orElseThrow(() -> new CodedProblemException(HttpStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND",
					"No account with this username"));
	}

	private static void invalidIfAny(List<Map<String, String>> violations) {
		if (!violations.isEmpty()) {
			throw new CodedProblemException(Problems.validationFailed(violations));
		}
	}

	private static Map<String, Object> access(Set<RegistryRole> roles, List<String> regions) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("roles", roles.stream().map(Enum::name).sorted().toList());
		details.put("regions", regions);
		return details;
	}

}
