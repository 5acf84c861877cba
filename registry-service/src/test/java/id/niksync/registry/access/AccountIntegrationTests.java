package id.niksync.registry.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.registry.TestAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class AccountIntegrationTests {

	private static final String STRONG = "Lumbung-padi-Bondowoso-77";

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anAdministratorCreatesARegistrarWhoThenWritesOnlyInTheirRegion() {
		ResponseEntity<JsonNode> created = admin()
			.postForEntity(
					"/api/v1/accounts", Map.of("username", "ani.bondowoso", "password", STRONG, "roles",
							List.of("REGISTRAR"), "regions", List.of("3511"), "reason", "new registrar"),
					JsonNode.class);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().toString()).doesNotContain(STRONG).doesNotContain("$2a$");
		assertThat(audit("ani.bondowoso")).containsExactly("ACCOUNT_CREATED by test-admin: new registrar");
		TestRestTemplate ani = this.http.withBasicAuth("ani.bondowoso", STRONG);
		assertThat(ani.getForEntity("/api/v1/residents/3511014506900001", JsonNode.class).getStatusCode())
			.isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
		assertThat(ani.getForEntity("/api/v1/accounts", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void refusesWeakPasswordsWithTheirCodes() {
		List<String> codes = new ArrayList<>();
		for (String password : List.of("short", "aaaaaaaaaaaa", "password1234", "budi.santoso", "123456789012")) {
			ResponseEntity<JsonNode> refused = admin().postForEntity("/api/v1/accounts", Map.of("username",
					"budi.santoso", "password", password, "roles", List.of("ADMIN"), "reason", "test"), JsonNode.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			refused.getBody().get("violations").forEach((v) -> codes.add(v.get("code").asText()));
		}
		assertThat(codes).contains("PASSWORD_TOO_SHORT", "PASSWORD_TOO_WEAK", "PASSWORD_TOO_COMMON",
				"PASSWORD_CONTAINS_USERNAME");
		// left out: named so, not as too short
		JsonNode leftOut = admin()
			.postForEntity("/api/v1/accounts",
					Map.of("username", "budi.santoso", "roles", List.of("ADMIN"), "reason", "test"), JsonNode.class)
			.getBody();
		assertThat(leftOut.get("violations").findValuesAsText("code")).containsExactly("FIELD_REQUIRED");
		assertThat(leftOut.get("violations").findValuesAsText("field")).containsExactly("password");
		// A look-alike of an existing administrator would read as the same person in the
		// audit.
		ResponseEntity<JsonNode> lookAlike = admin().postForEntity("/api/v1/accounts",
				Map.of("username", "Test-Admin", "password", STRONG, "roles", List.of("ADMIN"), "reason", "test"),
				JsonNode.class);
		assertThat(lookAlike.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(lookAlike.getBody().toString()).contains("USERNAME_INVALID");
		assertThat(count("SELECT count(*) FROM registry_account WHERE username = 'budi.santoso'")).isZero();
	}

	/** A role given as null is named in the refusal: it was a 500 (attack run). */
	@Test
	void refusesARoleThatIsNull() {
		createAccount("tono.nullrole", List.of("MONITOR"), List.of());
		for (List<String> roles : List.of(Arrays.asList((String) null), Arrays.asList("REGISTRAR", null))) {
			for (ResponseEntity<JsonNode> refused : createAndChange("tini.nullrole", "tono.nullrole", roles,
					List.of("3511"))) {
				assertThat(refused.getStatusCode()).as(roles.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(refused.getBody().at("/violations/0/field").asText()).isEqualTo("roles");
			}
		}
		assertThat(count("SELECT count(*) FROM registry_account WHERE username = 'tini.nullrole'")).isZero();
		assertThat(this.jdbc.sql("SELECT roles FROM registry_account WHERE username = 'tono.nullrole'")
			.query(String.class)
			.single()).isEqualTo("MONITOR");
	}

	/**
	 * A region given twice, or inside another one given, is refused, not stored as given
	 * (attack runs); more regions than the account's column holds are refused, not a 500.
	 */
	@Test
	void refusesARegionGivenTwiceOrInsideAnother() {
		createAccount("tono.tworegions", List.of("REGISTRAR"), List.of("3511"));
		for (List<String> regions : List.of(List.of("3511", "3512", "3511"), List.of("35", "3511"),
				List.of("351101", "3511"))) {
			for (ResponseEntity<JsonNode> refused : createAndChange("tini.tworegions", "tono.tworegions",
					List.of("REGISTRAR"), regions)) {
				assertThat(refused.getStatusCode()).as(regions.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(refused.getBody().at("/violations/0/field").asText()).isEqualTo("regions");
				assertThat(refused.getBody().at("/violations/0/code").asText()).isEqualTo("FIELD_INVALID");
			}
		}
		// a region no NIK can have: an account that could never act (attack run)
		for (List<String> none : List.of(List.of("99"), List.of("3500"), List.of("351100"))) {
			for (ResponseEntity<JsonNode> refused : createAndChange("tini.tworegions", "tono.tworegions",
					List.of("REGISTRAR"), none)) {
				assertThat(refused.getStatusCode()).as(none.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(refused.getBody().at("/violations/0/code").asText()).isEqualTo("REGION_PREFIX_INVALID");
			}
		}
		// as many districts as the column does not hold (72 of them: 503 characters)
		List<String> tooMany = IntStream.rangeClosed(1, 72).mapToObj((i) -> String.format("3511%02d", i)).toList();
		ResponseEntity<JsonNode> tooLong = admin().postForEntity("/api/v1/accounts",
				Map.of("username", "tini.tworegions", "password", STRONG, "roles", List.of("REGISTRAR"), "regions",
						tooMany, "reason", "test"),
				JsonNode.class);
		assertThat(tooLong.getStatusCode()).as(String.valueOf(tooLong.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(tooLong.getBody().at("/violations/0/code").asText()).isEqualTo("FIELD_LENGTH");
		assertThat(count("SELECT count(*) FROM registry_account WHERE username = 'tini.tworegions'")).isZero();
		assertThat(this.jdbc.sql("SELECT regions FROM registry_account WHERE username = 'tono.tworegions'")
			.query(String.class)
			.single()).isEqualTo("3511");
	}

	@Test
	void fiveWrongPasswordsLockTheAccountUntilAnAdministratorResetsIt() {
		createAccount("rina.locked", List.of("SUPERVISOR"), List.of("35"));
		TestRestTemplate wrong = this.http.withBasicAuth("rina.locked", "not-the-password-at-all");
		for (int i = 0; i < 5; i++) {
			assertThat(wrong.getForEntity("/ops/outbox", JsonNode.class).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		TestRestTemplate right = this.http.withBasicAuth("rina.locked", STRONG);
		ResponseEntity<JsonNode> locked = right.getForEntity("/ops/outbox", JsonNode.class);

		assertThat(locked.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(locked.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
		assertThat(this.jdbc.sql("SELECT outcome FROM sign_in_audit WHERE username = 'rina.locked' ORDER BY id")
			.query(String.class)
			.list()).containsExactly("FAILURE", "FAILURE", "FAILURE", "FAILURE", "FAILURE", "LOCKED");

		String next = "Sawah-hijau-di-Maesan-2026";
		assertThat(admin()
			.postForEntity("/api/v1/accounts/rina.locked/reset-password",
					Map.of("password", next, "reason", "locked out"), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.http.withBasicAuth("rina.locked", next)
			.getForEntity("/ops/outbox", JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.jdbc
			.sql("SELECT outcome FROM sign_in_audit WHERE username = 'rina.locked' ORDER BY id DESC LIMIT 1")
			.query(String.class)
			.single()).isEqualTo("SUCCESS");
	}

	@Test
	void aDisabledAccountCannotSignInAndAdministratorsCannotDisableThemselves() {
		createAccount("dedi.disabled", List.of("SUPERVISOR"), List.of("35"));

		assertThat(admin().postForEntity("/api/v1/accounts/dedi.disabled/disable", Map.of("reason", ""), JsonNode.class)
			.getBody()
			.get("code")
			.asText()).isEqualTo("REASON_REQUIRED");
		assertThat(admin()
			.postForEntity("/api/v1/accounts/dedi.disabled/disable", Map.of("reason", "left"), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.http.withBasicAuth("dedi.disabled", STRONG)
			.getForEntity("/ops/outbox", JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

		ResponseEntity<JsonNode> self = admin().postForEntity("/api/v1/accounts/test-admin/disable",
				Map.of("reason", "oops"), JsonNode.class);
		assertThat(self.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(self.getBody().get("code").asText()).isEqualTo("LAST_ADMIN_OR_SELF");
	}

	/**
	 * Two administrators disabling each other at once: each answered as if alone (200, or
	 * 409 LAST_ADMIN_OR_SELF), never a 500. Each locked its target, then the other
	 * administrators, in opposite orders: PostgreSQL found a deadlock in 2 of 9 tries
	 * (attack run 2026-12-06).
	 */
	@Test
	void administratorsDisablingEachOtherAtOnceNeverDeadlock() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<HttpStatusCode> answers = new ArrayList<>();
			for (int round = 0; round < 12; round++) {
				String a = "race.a" + round;
				String b = "race.b" + round;
				createAccount(a, List.of("ADMIN"), List.of());
				createAccount(b, List.of("ADMIN"), List.of());
				// signed in once each, so that the password checks (BCrypt) do not set
				// the two requests apart
				for (String admin : List.of(a, b)) {
					assertThat(this.http.withBasicAuth(admin, STRONG)
						.getForEntity("/api/v1/accounts", JsonNode.class)
						.getStatusCode()).isEqualTo(HttpStatus.OK);
				}
				CountDownLatch start = new CountDownLatch(1);
				Future<ResponseEntity<JsonNode>> first = pool.submit(() -> disable(start, a, b));
				Future<ResponseEntity<JsonNode>> second = pool.submit(() -> disable(start, b, a));
				start.countDown();
				List<Integer> pair = List.of(first.get(60, TimeUnit.SECONDS).getStatusCode().value(),
						second.get(60, TimeUnit.SECONDS).getStatusCode().value());
				// one wins; the other acted as an administrator the first had just
				// disabled (both succeeded, attack run): 403, or 401 if it signed in
				// after
				assertThat(pair).containsOnlyOnce(200);
				answers.addAll(pair.stream().map(HttpStatusCode::valueOf).toList());
			}
			assertThat(answers).allSatisfy((status) -> assertThat(status.value()).isIn(200, 401, 403));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private ResponseEntity<JsonNode> disable(CountDownLatch start, String by, String whom) throws Exception {
		start.await();
		return this.http.withBasicAuth(by, STRONG)
			.postForEntity("/api/v1/accounts/" + whom + "/disable", Map.of("reason", "race"), JsonNode.class);
	}

	@Test
	void everyoneChangesTheirOwnPasswordWithTheCurrentOne() {
		createAccount("sari.change", List.of("MONITOR"), List.of());
		TestRestTemplate sari = this.http.withBasicAuth("sari.change", STRONG);
		String next = "Kopi-Ijen-dari-Sumberwringin";

		assertThat(sari
			.postForEntity("/api/v1/account/password",
					Map.of("currentPassword", "wrong-wrong-wrong", "newPassword", next), JsonNode.class)
			.getBody()
			.get("code")
			.asText()).isEqualTo("CURRENT_PASSWORD_WRONG");
		// fields left out are named, not read as a wrong current password
		JsonNode leftOut = sari.postForEntity("/api/v1/account/password", Map.of(), JsonNode.class).getBody();
		assertThat(leftOut.get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(leftOut.get("violations").findValuesAsText("field")).containsExactly("currentPassword",
				"newPassword");
		assertThat(leftOut.get("violations").findValuesAsText("code")).containsOnly("FIELD_REQUIRED");
		assertThat(sari.postForEntity("/api/v1/account/password", Map.of("currentPassword", STRONG), JsonNode.class)
			.getBody()
			.get("violations")
			.findValuesAsText("field")).containsExactly("newPassword");
		JsonNode lone = sari
			.postForEntity("/api/v1/account/password",
					Map.of("currentPassword", STRONG, "newPassword", "\ud800Strong-Pass-9393"), JsonNode.class)
			.getBody();
		assertThat(lone.at("/violations/0/field").asText()).isEqualTo("newPassword");
		assertThat(lone.at("/violations/0/code").asText()).isEqualTo("PASSWORD_TEXT_INVALID");
		assertThat(sari
			.postForEntity("/api/v1/account/password", Map.of("currentPassword", STRONG, "newPassword", next),
					JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

		assertThat(sari.getForEntity("/actuator/metrics", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.http.withBasicAuth("sari.change", next)
			.getForEntity("/actuator/metrics", JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(audit("sari.change")).contains("ACCOUNT_PASSWORD_CHANGED by sari.change: null");
	}

	/**
	 * A username may be 100 characters, and it is the audit's target of every change to
	 * its account: 64 fitted there, so creating such an account was a 500 (review).
	 */
	@Test
	void anAccountWithAHundredCharacterNameIsCreatedChangedAndAudited() {
		String username = "nama.panjang." + "a".repeat(87);
		assertThat(username).hasSize(100);

		createAccount(username, List.of("MONITOR"), List.of());
		ResponseEntity<Void> changed = this.http.withBasicAuth(username, STRONG)
			.postForEntity("/api/v1/account/password",
					Map.of("currentPassword", STRONG, "newPassword", "Lumbung-jagung-Situbondo-88"), Void.class);
		ResponseEntity<JsonNode> disabled = admin().postForEntity("/api/v1/accounts/" + username + "/disable",
				Map.of("reason", "left"), JsonNode.class);

		assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(disabled.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(audit(username)).containsExactly("ACCOUNT_CREATED by test-admin: test",
				"ACCOUNT_PASSWORD_CHANGED by " + username + ": null", "ACCOUNT_DISABLED by test-admin: left");
	}

	/**
	 * An unpaired surrogate is hashed as {@code ?}: as a current password it matched a
	 * password with a {@code ?} there (second attack run, 2026-12-06).
	 */
	@Test
	void aCurrentPasswordWithALoneSurrogateIsWrong() {
		String withQuestionMark = "Kx9-violet?Harbor-77";
		assertThat(
				admin()
					.postForEntity("/api/v1/accounts",
							Map.of("username", "wati.question", "password", withQuestionMark, "roles",
									List.of("MONITOR"), "regions", List.of(), "reason", "test"),
							JsonNode.class)
					.getStatusCode())
			.isEqualTo(HttpStatus.CREATED);
		TestRestTemplate wati = this.http.withBasicAuth("wati.question", withQuestionMark);

		ResponseEntity<JsonNode> lone = wati.postForEntity("/api/v1/account/password",
				Map.of("currentPassword", "Kx9-violet\udc01Harbor-77", "newPassword", "Kopi-Ijen-dari-Sumberwringin"),
				JsonNode.class);

		assertThat(lone.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(lone.getBody().get("code").asText()).isEqualTo("CURRENT_PASSWORD_WRONG");
		assertThat(wati
			.postForEntity("/api/v1/account/password",
					Map.of("currentPassword", withQuestionMark, "newPassword", "Kopi-Ijen-dari-Sumberwringin"),
					JsonNode.class)
			.getStatusCode()).as("the password as it is").isEqualTo(HttpStatus.NO_CONTENT);
	}

	/**
	 * The same access asked for twice, both refused in the tests: for a new account
	 * {@code username}, and as a change of {@code existing}'s.
	 * @return the answers, the new account's first
	 */
	private List<ResponseEntity<JsonNode>> createAndChange(String username, String existing, List<String> roles,
			List<String> regions) {
		ResponseEntity<JsonNode> created = admin().postForEntity("/api/v1/accounts",
				Map.of("username", username, "password", STRONG, "roles", roles, "regions", regions, "reason", "test"),
				JsonNode.class);
		ResponseEntity<JsonNode> changed = admin().exchange("/api/v1/accounts/" + existing + "/access", HttpMethod.PUT,
				new HttpEntity<>(Map.of("roles", roles, "regions", regions, "reason", "test")), JsonNode.class);
		return List.of(created, changed);
	}

	private void createAccount(String username, List<String> roles, List<String> regions) {
		assertThat(admin()
			.postForEntity("/api/v1/accounts",
					Map.of("username", username, "password", STRONG, "roles", roles, "regions", regions, "reason",
							"test"),
					JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

	private TestRestTemplate admin() {
		return this.http.withBasicAuth(TestAccounts.ADMIN, TestAccounts.PASSWORD);
	}

	private List<String> audit(String target) {
		return this.jdbc
			.sql("SELECT action || ' by ' || operator || ': ' || coalesce(reason, 'null') FROM registry_audit"
					+ " WHERE target = ? ORDER BY id")
			.param(target)
			.query(String.class)
			.list();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}
