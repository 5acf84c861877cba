package id.niksync.sync.access;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.TestOperators;
import id.niksync.sync.system.CodedProblemException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Administrators manage operator accounts, everyone changes their own password; every
 * password passes the policy and every change is in the operator audit.
 */
@AccountsIntegrationTest
class AccountsIntegrationTests {

	private static final String PASSWORD = "kopi tubruk di pagi hari";

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OperatorAccountChanges changes;

	@Test
	void anAdminCreatesAnAccountThatCanSignIn() {
		String username = newUsername();

		ResponseEntity<JsonNode> created = create(username, PASSWORD, "OPERATOR");

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().get("username").asText()).isEqualTo(username);
		assertThat(created.getBody().get("active").asBoolean()).isTrue();
		assertThat(created.getBody().toString()).doesNotContain(PASSWORD).doesNotContain("$2a$");
		assertThat(signIn(username, PASSWORD)).isEqualTo(HttpStatus.OK);
		assertThat(TestOperators.asAdmin(this.http).getForEntity("/ops/accounts", JsonNode.class).getBody())
			.anySatisfy((account) -> assertThat(account.get("username").asText()).isEqualTo(username));
		assertThat(audit(username)).containsExactly("test-admin ACCOUNT_CREATE null roles=OPERATOR");
	}

	@Test
	void refusesATakenUsername() {
		String username = newUsername();
		create(username, PASSWORD, "OPERATOR");

		ResponseEntity<JsonNode> again = create(username, "another good passphrase", "ADMIN");

		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.getBody().get("code").asText()).isEqualTo("USERNAME_TAKEN");
	}

	@Test
	void refusesWeakPasswordsWithTheRulesTheyBreak() {
		String username = newUsername();

		assertThat(passwordCodes(create(username, "short", "OPERATOR"))).contains("PASSWORD_TOO_SHORT");
		assertThat(passwordCodes(create(username, "aaaaaaaaaaaa", "OPERATOR"))).containsExactly("PASSWORD_TOO_WEAK");
		assertThat(passwordCodes(create(username, "123456789012", "OPERATOR"))).containsExactly("PASSWORD_TOO_WEAK");
		assertThat(passwordCodes(create(username, username + "1", "OPERATOR"))).contains("PASSWORD_CONTAINS_USERNAME");
		assertThat(passwordCodes(create(username, "iloveyou2024", "OPERATOR"))).containsExactly("PASSWORD_TOO_COMMON");
		// left out: named so, not as too short
		ResponseEntity<JsonNode> leftOut = this.http.withBasicAuth(TestOperators.ADMIN, TestOperators.ADMIN_PASSWORD)
			.postForEntity("/ops/accounts",
					Map.of("username", username, "roles", List.of("OPERATOR"), "reason", "test"), JsonNode.class);
		assertThat(leftOut.getBody().at("/violations/0/field").asText()).isEqualTo("password");
		assertThat(passwordCodes(leftOut)).containsExactly("FIELD_REQUIRED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM operator_account WHERE username = ?")
			.param(username)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void anOperatorCannotManageAccounts() {
		String username = newUsername();

		ResponseEntity<JsonNode> list = TestOperators.asOperator(this.http)
			.getForEntity("/ops/accounts", JsonNode.class);
		ResponseEntity<JsonNode> create = TestOperators.asOperator(this.http)
			.postForEntity("/ops/accounts",
					Map.of("username", username, "password", PASSWORD, "roles", List.of("ADMIN")), JsonNode.class);
		ResponseEntity<JsonNode> reset = TestOperators.asOperator(this.http)
			.postForEntity("/ops/accounts/" + TestOperators.ADMIN + "/reset-password",
					Map.of("password", PASSWORD, "reason", "take over"), JsonNode.class);

		assertThat(list.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(create.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(create.getBody().get("code").asText()).isEqualTo("FORBIDDEN");
		assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(signIn(username, PASSWORD)).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void anAdminDisablesEnablesAndResetsAnAccountWithAReasonEachAudited() {
		String username = newUsername();
		create(username, PASSWORD, "OPERATOR");

		ResponseEntity<JsonNode> noReason = post("/ops/accounts/" + username + "/disable", Map.of("reason", " "));
		ResponseEntity<JsonNode> disabled = post("/ops/accounts/" + username + "/disable",
				Map.of("reason", "left the team"));
		HttpStatus whileDisabled = signIn(username, PASSWORD);
		ResponseEntity<JsonNode> enabled = post("/ops/accounts/" + username + "/enable", Map.of("reason", "is back"));
		HttpStatus whileEnabled = signIn(username, PASSWORD);
		ResponseEntity<JsonNode> reset = post("/ops/accounts/" + username + "/reset-password",
				Map.of("password", "nasi goreng kampung", "reason", "forgot it"));

		assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(noReason.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(disabled.getBody().get("active").asBoolean()).isFalse();
		assertThat(whileDisabled).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(enabled.getBody().get("active").asBoolean()).isTrue();
		assertThat(whileEnabled).isEqualTo(HttpStatus.OK);
		assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(signIn(username, PASSWORD)).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(signIn(username, "nasi goreng kampung")).isEqualTo(HttpStatus.OK);
		assertThat(audit(username)).containsExactly("test-admin ACCOUNT_CREATE null roles=OPERATOR",
				"test-admin ACCOUNT_DISABLE left the team wasActive=true",
				"test-admin ACCOUNT_ENABLE is back wasActive=false",
				"test-admin ACCOUNT_PASSWORD_RESET forgot it null");
	}

	@Test
	void aPasswordResetEndsALockout() {
		String username = newUsername();
		create(username, PASSWORD, "OPERATOR");
		for (int i = 0; i < 5; i++) {
			signIn(username, "not the password at all");
		}

		post("/ops/accounts/" + username + "/reset-password",
				Map.of("password", "nasi goreng kampung", "reason", "locked out"));

		assertThat(signIn(username, "nasi goreng kampung")).isEqualTo(HttpStatus.OK);
	}

	@Test
	void refusesAResetToAWeakPassword() {
		String username = newUsername();
		create(username, PASSWORD, "OPERATOR");

		ResponseEntity<JsonNode> reset = post("/ops/accounts/" + username + "/reset-password",
				Map.of("password", "aaaaaaaaaaaa", "reason", "forgot it"));

		assertThat(passwordCodes(reset)).containsExactly("PASSWORD_TOO_WEAK");
		assertThat(signIn(username, PASSWORD)).isEqualTo(HttpStatus.OK);
	}

	@Test
	void anAdminCannotDisableThemselves() {
		ResponseEntity<JsonNode> refused = post("/ops/accounts/" + TestOperators.ADMIN + "/disable",
				Map.of("reason", "testing"));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("LAST_ADMIN_OR_SELF");
	}

	@Test
	void theLastActiveAdminCannotBeDisabled() {
		// Only reachable when admins race (each disabling the other): called directly.
		// A caller that is no longer an active administrator is refused first, so the
		// last one stays active either way.
		assertThat(this.jdbc.sql("SELECT username FROM operator_account WHERE active AND roles LIKE '%ADMIN%'")
			.query(String.class)
			.list()).containsExactly(TestOperators.ADMIN);

		assertThatThrownByChange(() -> this.changes.disable(TestOperators.ADMIN, "race", "another-admin"))
			.isEqualTo("FORBIDDEN");
		assertThat(signIn(TestOperators.ADMIN, TestOperators.ADMIN_PASSWORD)).isEqualTo(HttpStatus.OK);
	}

	/**
	 * Two administrators disabling each other at once: one of them wins, the other is
	 * refused (403, or 401 if it signs in after). Both succeeded: the second acted as the
	 * administrator the first had just disabled (attack run 2026-12-06).
	 */
	@Test
	void ofTwoAdministratorsDisablingEachOtherOnlyOneSucceeds() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 6; round++) {
				String a = newUsername();
				String b = newUsername();
				assertThat(create(a, PASSWORD, "ADMIN").getStatusCode()).isEqualTo(HttpStatus.CREATED);
				assertThat(create(b, PASSWORD, "ADMIN").getStatusCode()).isEqualTo(HttpStatus.CREATED);
				// signed in once each, so that the password checks do not set them apart
				assertThat(signIn(a, PASSWORD)).isEqualTo(HttpStatus.OK);
				assertThat(signIn(b, PASSWORD)).isEqualTo(HttpStatus.OK);
				CountDownLatch start = new CountDownLatch(1);
				Future<HttpStatusCode> first = pool.submit(() -> disable(start, a, b));
				Future<HttpStatusCode> second = pool.submit(() -> disable(start, b, a));
				start.countDown();
				List<Integer> answers = List.of(first.get(60, TimeUnit.SECONDS).value(),
						second.get(60, TimeUnit.SECONDS).value());
				assertThat(answers).as("round " + round).containsOnlyOnce(200);
				assertThat(answers).as("round " + round).allSatisfy((status) -> assertThat(status).isIn(200, 401, 403));
				// the winner too, so that other tests find only their administrators
				for (String admin : List.of(a, b)) {
					assertThat(
							post("/ops/accounts/" + admin + "/disable", Map.of("reason", "test over")).getStatusCode())
						.isEqualTo(HttpStatus.OK);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private HttpStatusCode disable(CountDownLatch start, String by, String whom) throws InterruptedException {
		start.await();
		return this.http.withBasicAuth(by, PASSWORD)
			.postForEntity("/ops/accounts/" + whom + "/disable", Map.of("reason", "race"), JsonNode.class)
			.getStatusCode();
	}

	@Test
	void answersNotFoundForAnUnknownAccount() {
		ResponseEntity<JsonNode> refused = post("/ops/accounts/nobody-here/enable", Map.of("reason", "testing"));

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
	}

	@Test
	void anOperatorChangesTheirOwnPassword() {
		String username = newUsername();
		create(username, PASSWORD, "OPERATOR");
		TestRestTemplate self = this.http.withBasicAuth(username, PASSWORD);

		ResponseEntity<JsonNode> wrongCurrent = self.postForEntity("/ops/account/password",
				Map.of("currentPassword", "not it at all", "newPassword", "nasi goreng kampung"), JsonNode.class);
		ResponseEntity<JsonNode> weak = self.postForEntity("/ops/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "abcdefghijkl"), JsonNode.class);
		ResponseEntity<JsonNode> changed = self.postForEntity("/ops/account/password",
				Map.of("currentPassword", PASSWORD, "newPassword", "nasi goreng kampung"), JsonNode.class);

		assertThat(wrongCurrent.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(wrongCurrent.getBody().get("code").asText()).isEqualTo("CURRENT_PASSWORD_WRONG");
		// (after the change: signed in with the new password)
		TestRestTemplate changedSelf = this.http.withBasicAuth(username, "nasi goreng kampung");
		// fields left out are named, not read as a wrong current password
		JsonNode leftOut = changedSelf.postForEntity("/ops/account/password", Map.of(), JsonNode.class).getBody();
		assertThat(leftOut.get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(leftOut.get("violations").findValuesAsText("field")).containsExactly("currentPassword",
				"newPassword");
		assertThat(leftOut.get("violations").findValuesAsText("code")).containsOnly("FIELD_REQUIRED");
		assertThat(changedSelf
			.postForEntity("/ops/account/password", Map.of("currentPassword", "nasi goreng kampung"), JsonNode.class)
			.getBody()
			.get("violations")
			.findValuesAsText("field")).containsExactly("newPassword");
		ResponseEntity<JsonNode> unchanged = changedSelf.postForEntity("/ops/account/password",
				Map.of("currentPassword", "nasi goreng kampung", "newPassword", "nasi goreng kampung"), JsonNode.class);
		assertThat(unchanged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unchanged.getBody().at("/violations/0/code").asText()).isEqualTo("PASSWORD_UNCHANGED");
		ResponseEntity<JsonNode> lone = changedSelf.postForEntity("/ops/account/password",
				Map.of("currentPassword", "nasi goreng kampung", "newPassword", "\ud800Strong-Pass-9393"),
				JsonNode.class);
		assertThat(lone.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(passwordCodes(lone)).containsExactly("PASSWORD_TEXT_INVALID");
		// an unpaired surrogate is hashed as ?: as a current password it matched a ?
		String questioned = newUsername();
		create(questioned, "Kx9-violet?Harbor-77", "OPERATOR");
		ResponseEntity<JsonNode> loneCurrent = this.http.withBasicAuth(questioned, "Kx9-violet?Harbor-77")
			.postForEntity("/ops/account/password",
					Map.of("currentPassword", "Kx9-violet\udc01Harbor-77", "newPassword", "nasi goreng kampung"),
					JsonNode.class);
		assertThat(loneCurrent.getBody().get("code").asText()).isEqualTo("CURRENT_PASSWORD_WRONG");
		assertThat(signIn(questioned, "Kx9-violet?Harbor-77")).isEqualTo(HttpStatus.OK);
		assertThat(weak.getBody().at("/violations/0/field").asText()).isEqualTo("newPassword");
		assertThat(passwordCodes(weak)).containsExactly("PASSWORD_TOO_WEAK");
		assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(signIn(username, PASSWORD)).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(signIn(username, "nasi goreng kampung")).isEqualTo(HttpStatus.OK);
		assertThat(audit(username)).endsWith(username + " ACCOUNT_PASSWORD_CHANGE null null");
	}

	@Test
	void bootstrapRefusesAWeakConfiguredPasswordAndAcceptsTheDemoOnes() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> this.changes.createConfigured(newUsername(), "aaaaaaaaaaaa", Set.of(OperatorRole.OPERATOR)))
			.withMessageContaining("PASSWORD_TOO_WEAK")
			.withMessageNotContaining("aaaaaaaaaaaa");

		assertThat(
				this.changes.createConfigured("demo-operator", "demo-operator-password", Set.of(OperatorRole.OPERATOR)))
			.isTrue();
		assertThat(audit("demo-operator")).containsExactly("(bootstrap) ACCOUNT_CREATE null roles=OPERATOR");
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertThatThrownByChange(Runnable change) {
		try {
			change.run();
		}
		catch (CodedProblemException ex) {
			return assertThat(ex.code());
		}
		throw new AssertionError("The change was not refused");
	}

	private static String newUsername() {
		return "acc-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private ResponseEntity<JsonNode> create(String username, String password, String role) {
		return post("/ops/accounts", Map.of("username", username, "password", password, "roles", List.of(role)));
	}

	private ResponseEntity<JsonNode> post(String path, Map<String, ?> body) {
		return TestOperators.asAdmin(this.http).postForEntity(path, body, JsonNode.class);
	}

	private HttpStatus signIn(String username, String password) {
		return HttpStatus.valueOf(this.http.withBasicAuth(username, password)
			.getForEntity("/ops/dead-letters", JsonNode.class)
			.getStatusCode()
			.value());
	}

	private static List<String> passwordCodes(ResponseEntity<JsonNode> refused) {
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		return refused.getBody().get("violations").findValuesAsText("code");
	}

	private List<String> audit(String username) {
		return this.jdbc
			.sql("SELECT operator, action, reason, details FROM operator_audit WHERE target = ? ORDER BY id")
			.param("account:" + username)
			.query((rs, n) -> rs.getString("operator") + " " + rs.getString("action") + " " + rs.getString("reason")
					+ " " + rs.getString("details"))
			.list();
	}

}
