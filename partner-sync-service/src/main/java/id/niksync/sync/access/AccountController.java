package id.niksync.sync.access;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import id.niksync.sync.audit.Operators;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator accounts: {@code /ops/accounts/**} for administrators (see
 * {@link SecurityConfiguration}), {@code /ops/account/password} for every operator's own
 * password. No answer carries a password or its hash.
 */
@RestController
class AccountController {

	private final OperatorAccounts accounts;

	private final OperatorAccountChanges changes;

	AccountController(OperatorAccounts accounts, OperatorAccountChanges changes) {
		this.accounts = accounts;
		this.changes = changes;
	}

	@GetMapping("/ops/accounts")
	List<OperatorAccount> all() {
		return this.accounts.all();
	}

	@PostMapping("/ops/accounts")
	@ResponseStatus(HttpStatus.CREATED)
	OperatorAccount create(@RequestBody CreateRequest request, Principal admin) {
		return this.changes.create(request.username(), request.password(), request.roles(), request.reason(),
				Operators.of(admin));
	}

	@PostMapping("/ops/accounts/{username}/disable")
	OperatorAccount disable(@PathVariable String username, @RequestBody ReasonRequest request, Principal admin) {
		return this.changes.disable(username, request.reason(), Operators.of(admin));
	}

	@PostMapping("/ops/accounts/{username}/enable")
	OperatorAccount enable(@PathVariable String username, @RequestBody ReasonRequest request, Principal admin) {
		return this.changes.enable(username, request.reason(), Operators.of(admin));
	}

	/** Also ends a lockout. */
	@PostMapping("/ops/accounts/{username}/reset-password")
	OperatorAccount resetPassword(@PathVariable String username, @RequestBody ResetPasswordRequest request,
			Principal admin) {
		return this.changes.resetPassword(username, request.password(), request.reason(), Operators.of(admin));
	}

	@PostMapping("/ops/account/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changeOwnPassword(@RequestBody ChangePasswordRequest request, Principal operator) {
		this.changes.changeOwnPassword(Operators.of(operator), request.currentPassword(), request.newPassword());
	}

	/**
	 * @param reason optional: audited when given
	 */
	record CreateRequest(String username, String password, Set<OperatorRole> roles, String reason) {
	}

	record ReasonRequest(String reason) {
	}

	record ResetPasswordRequest(String password, String reason) {
	}

	record ChangePasswordRequest(String currentPassword, String newPassword) {
	}

}
