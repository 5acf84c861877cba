package id.niksync.sync.access;

import id.niksync.access.AuditText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import id.niksync.access.PasswordPolicy;
import id.niksync.access.PasswordViolation;
import id.niksync.access.SignInAccount;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do to operator accounts, and operators to their own password. Every
 * password set passes the {@link PasswordPolicy}; every change is written to the operator
 * audit in the same transaction (never the password). Nobody can disable themselves or
 * the last active admin, so the service always has someone who can manage it.
 */
@Component
class OperatorAccountChanges {

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,99}");

	private static final int MAX_REASON_LENGTH = AuditText.MAX_REASON_LENGTH;

	/** Who creates the configured operators in the audit: no username can be this. */
	static final String BOOTSTRAP = "(bootstrap)";

	private final OperatorAccounts accounts;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final OperatorAudit audit;

	OperatorAccountChanges(OperatorAccounts accounts, PasswordEncoder passwords, PasswordPolicy policy,
			OperatorAudit audit) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.policy = policy;
		this.audit = audit;
	}

	/**
	 * @param reason optional here
	 */
	@Transactional
	OperatorAccount create(String username, String password, Set<OperatorRole> roles, String reason, String admin) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw new InvalidAccountRequestException("INVALID_REQUEST",
					"username needs 3 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
		}
		if (roles == null || roles.isEmpty() || roles.contains(null)) {
			throw new InvalidAccountRequestException("INVALID_REQUEST", "roles needs OPERATOR, ADMIN or both");
		}
		if (reason != null && AuditText.characters(reason) > MAX_REASON_LENGTH) {
			throw new InvalidAccountRequestException("REASON_REQUIRED",
					"reason has at most " + MAX_REASON_LENGTH + " characters");
		}
		requireAllowed("password", username, password);
		if (!this.accounts.createIfAbsent(username, this.passwords.encode(password), roles)) {
			throw new AccountConflictException("USERNAME_TAKEN", "An operator account with this username exists");
		}
		this.audit.record(admin, "ACCOUNT_CREATE", target(username), (reason != null) ? reason.strip() : null,
				"roles=" + names(roles));
		return existing(username);
	}

	@Transactional
	OperatorAccount disable(String username, String reason, String admin) {
		requireReason(reason);
		if (username.equals(admin)) {
			throw new AccountConflictException("LAST_ADMIN_OR_SELF", "An administrator cannot disable themselves");
		}
		// Locked first, in one order: two admins disabling each other cannot both
		// succeed.
		List<String> activeAdmins = this.accounts.activeAdminsForUpdate();
		// the acting administrator as it is now: one disabled by another meanwhile still
		// disabled that one (attack run 2026-12-06)
		if (!activeAdmins.contains(admin)) {
			throw new CodedProblemException(HttpStatus.FORBIDDEN, "FORBIDDEN",
					"This account is no longer an active administrator");
		}
		OperatorAccount account = existing(username);
		if (activeAdmins.equals(List.of(username))) {
			throw new AccountConflictException("LAST_ADMIN_OR_SELF", "This is the last active administrator");
		}
		this.accounts.setActive(username, false);
		this.audit.record(admin, "ACCOUNT_DISABLE", target(username), reason.strip(), "wasActive=" + account.active());
		return existing(username);
	}

	@Transactional
	OperatorAccount enable(String username, String reason, String admin) {
		requireReason(reason);
		OperatorAccount account = existing(username);
		this.accounts.setActive(username, true);
		this.audit.record(admin, "ACCOUNT_ENABLE", target(username), reason.strip(), "wasActive=" + account.active());
		return existing(username);
	}

	/** Also ends a lockout. */
	@Transactional
	OperatorAccount resetPassword(String username, String password, String reason, String admin) {
		requireReason(reason);
		existing(username);
		requireAllowed("password", username, password);
		this.accounts.setPassword(username, this.passwords.encode(password));
		this.audit.record(admin, "ACCOUNT_PASSWORD_RESET", target(username), reason.strip(), null);
		return existing(username);
	}

	@Transactional
	void changeOwnPassword(String username, String currentPassword, String newPassword) {
		// A field left out is named, not read as a wrong current password ({} was
		// answered CURRENT_PASSWORD_WRONG).
		List<Map<String, String>> missing = new ArrayList<>();
		if (currentPassword == null) {
			missing.add(Problems.violation("currentPassword", "FIELD_REQUIRED", "the current password"));
		}
		if (newPassword == null) {
			missing.add(Problems.violation("newPassword", "FIELD_REQUIRED", "the new password"));
		}
		if (!missing.isEmpty()) {
			throw new CodedProblemException(Problems.validationFailed(missing), null);
		}
		SignInAccount account = this.accounts.find(username).orElseThrow(AccountNotFoundException::new);
		if (!PasswordPolicy.isCurrent(this.passwords, currentPassword, account.user().getPassword())) {
			throw new InvalidAccountRequestException("CURRENT_PASSWORD_WRONG", "currentPassword is not the password");
		}
		requireAllowed("newPassword", username, newPassword);
		if (this.passwords.matches(newPassword, account.user().getPassword())) {
			// as the registry answers it
			throw new CodedProblemException(
					Problems.validationFailed(List
						.of(Problems.violation("newPassword", "PASSWORD_UNCHANGED", "the new password must differ"))),
					null);
		}
		this.accounts.setPassword(username, this.passwords.encode(newPassword));
		this.audit.record(username, "ACCOUNT_PASSWORD_CHANGE", target(username), null, null);
	}

	/**
	 * An operator from the bootstrap configuration, unless the username is taken (an
	 * existing account is never changed, so a restart cannot undo a password change).
	 * @return whether it was created
	 * @throws IllegalStateException when the configured password breaks the policy: the
	 * service does not start with it
	 */
	@Transactional
	boolean createConfigured(String username, String password, Set<OperatorRole> roles) {
		if (username == null || username.isBlank() || roles == null || roles.isEmpty()) {
			throw new IllegalStateException("A bootstrap operator needs a username and a role");
		}
		if (this.accounts.exists(username)) {
			return false;
		}
		List<PasswordViolation> violations = this.policy.check(username, password);
		if (!violations.isEmpty()) {
			throw new IllegalStateException(
					"The password of bootstrap operator " + username + " breaks the password policy: "
							+ violations.stream()
								.map((violation) -> violation.code().name())
								.collect(Collectors.joining(", ")));
		}
		boolean created = this.accounts.createIfAbsent(username, this.passwords.encode(password), roles);
		if (created) {
			this.audit.record(BOOTSTRAP, "ACCOUNT_CREATE", target(username), null, "roles=" + names(roles));
		}
		return created;
	}

	private void requireAllowed(String field, String username, String password) {
		if (password == null) {
			// named as left out, not as too short (attack run 2026-12-06)
			throw new CodedProblemException(
					Problems.validationFailed(List.of(Problems.violation(field, "FIELD_REQUIRED", "a password"))),
					null);
		}
		List<PasswordViolation> violations = this.policy.check(username, password);
		if (!violations.isEmpty()) {
			throw new PasswordRefusedException(field, violations);
		}
	}

	private static void requireReason(String reason) {
		if (reason == null || !AuditText.isReason(reason.strip())) {
			throw new InvalidAccountRequestException("REASON_REQUIRED", "reason is required (at most "
					+ MAX_REASON_LENGTH + " characters, readable: no control or invisible characters)");
		}
	}

	private OperatorAccount existing(String username) {
		return this.accounts.findForUpdate(username).orElseThrow(AccountNotFoundException::new);
	}

	private static String names(Set<OperatorRole> roles) {
		return roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
	}

	private static String target(String username) {
		return "account:" + username;
	}

}
