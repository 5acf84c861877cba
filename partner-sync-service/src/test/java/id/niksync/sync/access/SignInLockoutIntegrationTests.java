package id.niksync.sync.access;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wrong passwords lock an account; every sign-in is audited, a success once per window.
 */
@AccountsIntegrationTest
class SignInLockoutIntegrationTests {

	private static final String PASSWORD = "kopi tubruk di pagi hari";

	private static final String WRONG = "teh manis di sore hari";

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MovableClock clock;

	@Test
	void locksAfterFiveWrongPasswordsRefusesTheRightOneWhileLockedAndOpensAfterTheDelay() {
		String username = newOperator();
		for (int i = 0; i < 5; i++) {
			assertThat(signIn(username, WRONG).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		ResponseEntity<JsonNode> locked = signIn(username, PASSWORD);
		ResponseEntity<JsonNode> unknown = signIn("nobody-" + username, PASSWORD);

		assertThat(locked.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(locked.getBody()).isEqualTo(unknown.getBody());
		assertThat(locked.getHeaders().getFirst("WWW-Authenticate"))
			.isEqualTo(unknown.getHeaders().getFirst("WWW-Authenticate"));
		assertThat(outcomes(username)).containsExactly("FAILURE", "FAILURE", "FAILURE", "FAILURE", "FAILURE", "LOCKED");

		this.clock.move(Duration.ofSeconds(61));

		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(failedSignIns(username)).isZero();
	}

	@Test
	void aWrongPasswordWhileLockedCountsAndLocksLonger() {
		String username = newOperator();
		for (int i = 0; i < 6; i++) {
			signIn(username, WRONG);
		}

		this.clock.move(Duration.ofSeconds(61));

		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(failedSignIns(username)).isEqualTo(6);
		this.clock.move(Duration.ofSeconds(60));
		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aRightPasswordBeforeTheFifthWrongOneStartsTheCountAgain() {
		String username = newOperator();
		for (int i = 0; i < 4; i++) {
			signIn(username, WRONG);
		}
		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.OK);
		for (int i = 0; i < 4; i++) {
			signIn(username, WRONG);
		}

		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void auditsEveryFailedSignInAndASuccessOncePerAccountAndAddressInTheWindow() {
		String username = newOperator();

		signIn(username, PASSWORD);
		signIn(username, PASSWORD);
		signIn(username, WRONG);
		signIn(username, WRONG);
		signIn(username, PASSWORD);

		assertThat(outcomes(username)).containsExactly("SUCCESS", "FAILURE", "FAILURE");
		assertThat(this.jdbc.sql("SELECT DISTINCT client_address FROM sign_in_audit WHERE username = ?")
			.param(username)
			.query(String.class)
			.list()).containsExactly("127.0.0.1");

		this.clock.move(Duration.ofMinutes(16));
		signIn(username, PASSWORD);

		assertThat(outcomes(username)).containsExactly("SUCCESS", "FAILURE", "FAILURE", "SUCCESS");
	}

	@Test
	void auditsAnUnknownUsernameAsPresented() {
		String username = "ghost-" + UUID.randomUUID();

		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

		assertThat(outcomes(username)).containsExactly("FAILURE");
	}

	@Test
	void auditsTheRightPasswordOfADisabledAccount() {
		String username = newOperator();
		TestOperators.asAdmin(this.http)
			.postForEntity("/ops/accounts/" + username + "/disable", Map.of("reason", "left the team"), JsonNode.class);

		assertThat(signIn(username, PASSWORD).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

		assertThat(outcomes(username)).containsExactly("DISABLED");
	}

	@Test
	void theSignInAuditIsAppendOnly() {
		String username = newOperator();
		signIn(username, WRONG);

		// The service's role may not change it (DatabaseRolesIntegrationTests shows the
		// trigger stops even the owner).
		assertThatThrownBy(() -> this.jdbc.sql("UPDATE sign_in_audit SET outcome = 'SUCCESS' WHERE username = ?")
			.param(username)
			.update()).hasMessageContaining("UPDATE sign_in_audit");
		assertThatThrownBy(() -> this.jdbc.sql("DELETE FROM sign_in_audit WHERE username = ?").param(username).update())
			.hasMessageContaining("DELETE FROM sign_in_audit");
		assertThat(outcomes(username)).containsExactly("FAILURE");
	}

	private String newOperator() {
		String username = "op-" + UUID.randomUUID().toString().substring(0, 8);
		ResponseEntity<JsonNode> created = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/accounts",
					Map.of("username", username, "password", PASSWORD, "roles", List.of("OPERATOR")), JsonNode.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return username;
	}

	private ResponseEntity<JsonNode> signIn(String username, String password) {
		return this.http.withBasicAuth(username, password).getForEntity("/ops/dead-letters", JsonNode.class);
	}

	private List<String> outcomes(String username) {
		return this.jdbc.sql("SELECT outcome FROM sign_in_audit WHERE username = ? ORDER BY id")
			.param(username)
			.query(String.class)
			.list();
	}

	private int failedSignIns(String username) {
		return this.jdbc.sql("SELECT failed_sign_ins FROM operator_account WHERE username = ?")
			.param(username)
			.query(Integer.class)
			.single();
	}

}
