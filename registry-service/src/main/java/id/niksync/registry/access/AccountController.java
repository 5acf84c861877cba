package id.niksync.registry.access;

import java.net.URI;
import java.util.List;

import id.niksync.registry.access.AccountRequests.AccessChange;
import id.niksync.registry.access.AccountRequests.Justified;
import id.niksync.registry.access.AccountRequests.NewAccount;
import id.niksync.registry.access.AccountRequests.PasswordChange;
import id.niksync.registry.access.AccountRequests.PasswordReset;
import id.niksync.registry.system.Caller;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts: ADMIN manages them ({@code /api/v1/accounts}); anyone changes their own
 * password.
 */
@RestController
class AccountController {

	private final RegistryAccounts accounts;

	private final AccountService service;

	AccountController(RegistryAccounts accounts, AccountService service) {
		this.accounts = accounts;
		this.service = service;
	}

	@GetMapping("/api/v1/accounts")
	List<AccountView> list() {
		return this.accounts.list();
	}

	@PostMapping("/api/v1/accounts")
	ResponseEntity<AccountView> create(@RequestBody NewAccount request, Caller caller) {
		AccountView created = this.service.create(request, caller);
		return ResponseEntity.created(URI.create("/api/v1/accounts/" + created.username())).body(created);
	}

	@PostMapping("/api/v1/accounts/{username}/disable")
	AccountView disable(@PathVariable String username, @RequestBody Justified request, Caller caller) {
		return this.service.setActive(username, false, request.reason(), caller);
	}

	@PostMapping("/api/v1/accounts/{username}/enable")
	AccountView enable(@PathVariable String username, @RequestBody Justified request, Caller caller) {
		return this.service.setActive(username, true, request.reason(), caller);
	}

	@PostMapping("/api/v1/accounts/{username}/reset-password")
	AccountView resetPassword(@PathVariable String username, @RequestBody PasswordReset request, Caller caller) {
		return this.service.resetPassword(username, request.password(), request.reason(), caller);
	}

	@PutMapping("/api/v1/accounts/{username}/access")
	AccountView changeAccess(@PathVariable String username, @RequestBody AccessChange request, Caller caller) {
		return this.service.changeAccess(username, request, caller);
	}

	@PostMapping("/api/v1/account/password")
	ResponseEntity<Void> changeOwnPassword(@RequestBody PasswordChange request, Caller caller) {
		this.service.changeOwnPassword(request.currentPassword(), request.newPassword(), caller);
		return ResponseEntity.noContent().build();
	}

}
