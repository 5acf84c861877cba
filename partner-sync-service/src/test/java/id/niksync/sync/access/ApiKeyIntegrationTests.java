package id.niksync.sync.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.replica.ReplicaWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys are issued once, stored as hashes, and stop working when rotated out or revoked.
 */
@SyncIntegrationTest
class ApiKeyIntegrationTests {

	private static final String NIK = "3511014506900701";

	private static final String LOOKUP = "/partner/v1/residents/" + NIK;

	@Autowired
	DataSource dataSource;

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReplicaWriter replica;

	@BeforeEach
	void residentOnReplica() {
		this.replica.apply(java.util.List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
	}

	@Test
	void showsAKeyOnceAndStoresOnlyItsHash() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		assertThat(bank.key()).startsWith("nsk_" + bank.keyId() + "_").hasSizeGreaterThanOrEqualTo(4 + 12 + 1 + 43);
		String stored = this.jdbc.sql("SELECT secret_sha256 FROM api_key WHERE key_id = ?")
			.param(bank.keyId())
			.query(String.class)
			.single();
		assertThat(stored).hasSize(64).isNotEqualTo(bank.key());
		assertThat(bank.key()).doesNotContain(stored);
		String detail = TestOperators.asAdmin(this.http).getForObject("/ops/institutions/" + bank.id(), String.class);
		assertThat(detail).contains(bank.keyId()).doesNotContain(bank.key().substring(18));
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void registersAKeyTheInstitutionGeneratedFromItsHashAlone() {
		String secret = "institution-own-secret-0123456789abcdef";
		Map<String, Object> key = Map.of("keyId", "ownkey000001", "secretSha256", ApiKeyFormat.sha256(secret));
		ResponseEntity<JsonNode> created = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions",
					Map.of("name", "Bank with its own key", "type", "BANK", "requestsPerSecond", 10, "key", key),
					JsonNode.class);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody().at("/apiKey/keyId").asText()).isEqualTo("ownkey000001");
		assertThat(created.getBody().at("/apiKey/key").isTextual()).as("no secret in the answer").isFalse();
		assertThat(lookup("nsk_ownkey000001_" + secret).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(lookup("nsk_ownkey000001_" + secret + "x").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

		ResponseEntity<JsonNode> sameKeyId = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions",
					Map.of("name", "Another bank", "type", "BANK", "requestsPerSecond", 10, "key", key),
					JsonNode.class);
		assertThat(sameKeyId.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(sameKeyId.getBody().path("code").asText()).isEqualTo("API_KEY_ID_TAKEN");
		ResponseEntity<JsonNode> notAHash = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions", Map.of("name", "Third bank", "type", "BANK", "requestsPerSecond", 10,
					"key", Map.of("keyId", "ownkey000002", "secretSha256", secret)), JsonNode.class);
		assertThat(notAHash.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(TestOperators.asAdmin(this.http).getForObject("/ops/institutions", String.class))
			.doesNotContain("Another bank", "Third bank");
	}

	@Test
	void refusesNoKeyAMalformedKeyAndAnUnknownKey() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		String wrongSecret = bank.key().substring(0, bank.key().length() - 4) + "AAAA";

		for (String key : new String[] { null, "not-a-key", wrongSecret, "nsk_000000000000_" + "A".repeat(43) }) {
			ResponseEntity<JsonNode> refused = lookup(key);
			assertThat(refused.getStatusCode()).as(String.valueOf(key)).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
			assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("ApiKey");
		}
	}

	/**
	 * Two {@code Authorization} headers name two callers: neither is chosen, whichever
	 * comes first, both keys valid or not.
	 */
	@Test
	void refusesTwoAuthorizationHeaders() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		Partner other = TestPartners.register(this.http, "OTHER", 10);
		String operator = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((TestOperators.OPERATOR + ":" + TestOperators.OPERATOR_PASSWORD).getBytes());
		for (String[] credentials : new String[][] { { "ApiKey " + bank.key(), "ApiKey " + other.key() },
				{ "ApiKey " + other.key(), "ApiKey " + bank.key() }, { "ApiKey " + bank.key(), "ApiKey " + bank.key() },
				{ "ApiKey " + bank.key(), "ApiKey not-a-key" }, { operator, "ApiKey " + bank.key() },
				{ "ApiKey " + bank.key(), operator } }) {
			HttpHeaders headers = TestPartners.headers(null, "kyc");
			headers.add(HttpHeaders.AUTHORIZATION, credentials[0]);
			headers.add(HttpHeaders.AUTHORIZATION, credentials[1]);
			ResponseEntity<JsonNode> refused = this.http.exchange(LOOKUP, HttpMethod.GET, new HttpEntity<>(headers),
					JsonNode.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
			assertThat(refused.getBody().has("fullName")).isFalse();
		}
		// nor on an operator's route, whichever comes first
		for (String[] credentials : new String[][] { { operator, "ApiKey " + bank.key() },
				{ "ApiKey " + bank.key(), operator }, { operator, operator } }) {
			HttpHeaders headers = new HttpHeaders();
			headers.add(HttpHeaders.AUTHORIZATION, credentials[0]);
			headers.add(HttpHeaders.AUTHORIZATION, credentials[1]);
			ResponseEntity<JsonNode> refused = this.http.exchange("/ops/sync-status", HttpMethod.GET,
					new HttpEntity<>(headers), JsonNode.class);
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
		}
	}

	/**
	 * Partner routes have a security chain of their own, which knows only API keys: an
	 * operator's sign-in there is no credential, right or wrong. It asks for a key, is
	 * audited as any refused partner request, and its password is not checked: five wrong
	 * ones there (which would lock the account at sign-in) leave it open.
	 */
	@Test
	void anOperatorSignInIsNoKey() {
		List<String[]> signIns = new ArrayList<>();
		signIns.add(new String[] { TestOperators.OPERATOR, TestOperators.OPERATOR_PASSWORD });
		signIns.add(new String[] { TestOperators.ADMIN, TestOperators.ADMIN_PASSWORD });
		for (int i = 0; i < 5; i++) {
			signIns.add(new String[] { TestOperators.OPERATOR, "wrong password " + i });
		}
		// "/partner" itself is no route, but under the partner chain all the same (two
		// sign-ins there: each refusal also counts against the address's limit)
		for (String path : new String[] { LOOKUP, "/partner" }) {
			for (String[] signIn : path.equals(LOOKUP) ? signIns
					: signIns.subList(signIns.size() - 2, signIns.size())) {
				HttpHeaders headers = TestPartners.headers(null, "operator sign-in on a partner route");
				headers.setBasicAuth(signIn[0], signIn[1]);
				ResponseEntity<JsonNode> refused = this.http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers),
						JsonNode.class);
				assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
				assertThat(refused.getBody().get("code").asText()).isEqualTo("UNAUTHENTICATED");
				assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("ApiKey");
				assertThat(refused.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
				assertThat(refused.getHeaders().getCacheControl()).contains("no-store");
			}
		}
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM partner_audit WHERE purpose = ? AND outcome = 'UNAUTHENTICATED'"
					+ " AND http_status = 401 AND institution_id IS NULL")
			.param("operator sign-in on a partner route")
			.query(Long.class)
			.single()).isEqualTo(signIns.size() + 2L);
		assertThat(TestOperators.asOperator(this.http).getForEntity("/ops/sync-status", JsonNode.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
	}

	@Test
	void aRevokedKeyStopsWorkingAtOnce() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);

		ResponseEntity<JsonNode> revoked = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions/" + bank.id() + "/keys/" + bank.keyId() + "/revoke",
					Map.of("reason", "leaked in a log"), JsonNode.class);

		assertThat(revoked.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(revoked.getBody().at("/keys/0/usable").asBoolean()).isFalse();
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void aKeyRevokedOnAnotherInstanceIsRefusedHereWithinTwoSeconds() throws InterruptedException {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		long firstStarted = System.nanoTime();
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);

		// as another instance revokes it: in the database, nothing told to this one
		this.jdbc.sql("UPDATE api_key SET revoked_at = now() WHERE key_id = ?").param(bank.keyId()).update();
		long revokedAt = System.nanoTime();
		long started = System.nanoTime();
		HttpStatusCode status = lookup(bank.key()).getStatusCode();
		long secondEnded = System.nanoTime();
		boolean servedFromCache = status == HttpStatus.OK;
		long lastAnsweredStarted = started;
		while (status == HttpStatus.OK && System.nanoTime() - revokedAt < Duration.ofSeconds(5).toNanos()) {
			Thread.sleep(50);
			started = System.nanoTime();
			status = lookup(bank.key()).getStatusCode();
			if (status == HttpStatus.OK) {
				lastAnsweredStarted = started;
			}
		}

		assertThat(status).isEqualTo(HttpStatus.UNAUTHORIZED);
		// Timed from when each lookup began, so a slow answer does not count against it.
		if (servedFromCache) {
			assertThat(Duration.ofNanos(lastAnsweredStarted - revokedAt)).as("last lookup answered began after")
				.isLessThan(Duration.ofSeconds(2));
		}
		// Asked again before the key's second in the cache was over (it was cached during
		// the first lookup, so after firstStarted), the revoked key was still served from
		// it: it was not looked up.
		if (Duration.ofNanos(secondEnded - firstStarted).compareTo(Duration.ofSeconds(1)) < 0) {
			assertThat(servedFromCache).as("served from the cache").isTrue();
		}
	}

	@Test
	void anInstitutionDisabledHereIsRefusedAtOnceThoughItsKeyWasRemembered() {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);

		TestOperators.asAdmin(this.http)
			.patchForObject("/ops/institutions/" + bank.id(), Map.of("active", false), JsonNode.class);

		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void rotatingOrRevokingNeedsAReasonAndAJsonBody() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		String keys = "/ops/institutions/" + bank.id() + "/keys/";
		TestRestTemplate admin = TestOperators.asAdmin(this.http);

		ResponseEntity<JsonNode> rotate = admin.postForEntity(keys + "rotate", Map.of("graceSeconds", 0),
				JsonNode.class);
		ResponseEntity<JsonNode> revoke = admin.postForEntity(keys + bank.keyId() + "/revoke", Map.of("reason", " "),
				JsonNode.class);
		ResponseEntity<JsonNode> invisible = admin.postForEntity(keys + bank.keyId() + "/revoke",
				Map.of("reason", "\u200B\u2060"), JsonNode.class);
		ResponseEntity<JsonNode> bodyless = admin.exchange(keys + bank.keyId() + "/revoke", HttpMethod.POST, null,
				JsonNode.class);

		assertThat(rotate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(rotate.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(revoke.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(invisible.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(bodyless.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.jdbc.sql("SELECT count(*) FROM operator_audit WHERE target = ? AND action LIKE 'API_KEY%'")
			.param("institution:" + bank.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void keyChangesAreAuditedWithTheAdministratorTheReasonAndTheClientAddress() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions/" + bank.id() + "/keys/" + bank.keyId() + "/revoke",
					Map.of("reason", "leaked in a log"), JsonNode.class);

		assertThat(this.jdbc
			.sql("SELECT operator, reason, details, client_address FROM operator_audit"
					+ " WHERE target = ? AND action = 'API_KEY_REVOKE'")
			.param("institution:" + bank.id())
			.query()
			.singleRow()).containsEntry("operator", TestOperators.ADMIN)
			.containsEntry("reason", "leaked in a log")
			.containsEntry("details", "key=" + bank.keyId())
			.containsEntry("client_address", "127.0.0.1");
	}

	@Test
	void aRotatedOutKeyStopsWorkingAndTheNewOneWorks() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		JsonNode rotated = TestOperators.asAdmin(this.http)
			.postForObject("/ops/institutions/" + bank.id() + "/keys/rotate", Map.of("reason", "yearly"),
					JsonNode.class);

		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(lookup(rotated.get("key").asText()).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aRotationWithAGracePeriodKeepsTheOldKeyUntilItEnds() {
		Partner bank = TestPartners.register(this.http, "BPJS", 10);

		JsonNode rotated = TestOperators.asAdmin(this.http)
			.postForObject("/ops/institutions/" + bank.id() + "/keys/rotate",
					Map.of("graceSeconds", 3600, "reason", "yearly"), JsonNode.class);

		assertThat(rotated.get("previousKeysValidUntil").asText()).isNotEmpty();
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(lookup(rotated.get("key").asText()).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions/" + bank.id() + "/keys/rotate",
					Map.of("graceSeconds", 86401, "reason", "yearly"), JsonNode.class)
			.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	/**
	 * Rotations of one institution at once leave exactly one usable key: each ended only
	 * the keys committed before it began, so eight at once left six usable with no end
	 * (attack run 2026-12-06).
	 */
	@Test
	void concurrentRotationsLeaveOneUsableKey() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		List<Callable<ResponseEntity<JsonNode>>> rotations = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			rotations.add(() -> TestOperators.asAdmin(this.http)
				.postForEntity("/ops/institutions/" + bank.id() + "/keys/rotate",
						Map.of("reason", "concurrent rotation"), JsonNode.class));
		}

		// The institution's key held locked meanwhile, so that the rotations all begin
		// before any of them ends, as they do under load
		List<ResponseEntity<JsonNode>> answers = whileLocked(
				"SELECT key_id FROM api_key WHERE institution_id = ? FOR UPDATE", bank.id(), rotations);

		List<String> issued = new ArrayList<>();
		for (ResponseEntity<JsonNode> rotated : answers) {
			assertThat(rotated.getStatusCode()).isEqualTo(HttpStatus.CREATED);
			issued.add(rotated.getBody().get("key").asText());
		}
		JsonNode keys = TestOperators.asAdmin(this.http)
			.getForObject("/ops/institutions/" + bank.id(), JsonNode.class)
			.get("keys");
		List<String> usable = new ArrayList<>();
		keys.forEach((key) -> {
			if (key.get("usable").asBoolean()) {
				usable.add(key.get("keyId").asText());
			}
		});
		assertThat(usable).as(keys.toString()).hasSize(1);
		// each key ended after it was made (ended at the transaction's start, one ended
		// before its own creation)
		keys.forEach((key) -> {
			if (key.hasNonNull("expiresAt")) {
				assertThat(Instant.parse(key.get("expiresAt").asText()))
					.isAfterOrEqualTo(Instant.parse(key.get("createdAt").asText()));
			}
		});
		// and the usable key, made by the last rotation, was made once the keys it ended
		// had ended (made at its transaction's start, it looked older than them)
		Instant newest = null;
		for (JsonNode key : keys) {
			if (key.get("usable").asBoolean()) {
				newest = Instant.parse(key.get("createdAt").asText());
			}
		}
		for (JsonNode key : keys) {
			if (key.hasNonNull("expiresAt")) {
				assertThat(Instant.parse(key.get("expiresAt").asText())).isBeforeOrEqualTo(newest);
			}
		}
		long opening = issued.stream().filter((key) -> lookup(key).getStatusCode() == HttpStatus.OK).count();
		assertThat(opening).isEqualTo(1);
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	/**
	 * Sends {@code requests} at once while a connection of its own holds the rows
	 * {@code lockQuery} locks ({@code id} its parameter), lets go once each waits for a
	 * lock (or after 3 s), and returns their answers in order.
	 */
	private List<ResponseEntity<JsonNode>> whileLocked(String lockQuery, long id,
			List<Callable<ResponseEntity<JsonNode>>> requests) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(requests.size());
		try (Connection held = this.dataSource.getConnection()) {
			held.setAutoCommit(false);
			try (PreparedStatement lock = held.prepareStatement(lockQuery)) {
				lock.setLong(1, id);
				lock.executeQuery().close();
			}
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ResponseEntity<JsonNode>>> answers = new ArrayList<>();
			for (Callable<ResponseEntity<JsonNode>> request : requests) {
				answers.add(pool.submit(() -> {
					start.await();
					return request.call();
				}));
			}
			start.countDown();
			long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (waitingForLocks() < requests.size() && System.nanoTime() < until) {
				Thread.sleep(20);
			}
			held.commit();
			List<ResponseEntity<JsonNode>> answered = new ArrayList<>();
			for (Future<ResponseEntity<JsonNode>> answer : answers) {
				answered.add(answer.get(60, TimeUnit.SECONDS));
			}
			return answered;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Backends of this test's database waiting for a lock on an institution's rows now.
	 */
	private long waitingForLocks() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				WHERE wait_event_type = 'Lock' AND datname = current_database()
				  AND (query LIKE '%api_key%' OR query LIKE '%institution%')""").query(Long.class).single();
	}

	/**
	 * Two changes of one institution at once: each keeps the other's field. Each filled
	 * the fields it did not send from what it had read before the other committed, so a
	 * rate change undid a deactivation (code review, 2026-12-06).
	 */
	@Test
	void concurrentChangesOfOneInstitutionKeepEachOthersFields() throws Exception {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		List<Callable<ResponseEntity<JsonNode>>> changes = new ArrayList<>();
		for (Map<String, Object> change : List.<Map<String, Object>>of(Map.of("active", false),
				Map.of("requestsPerSecond", 50))) {
			changes.add(() -> TestOperators.asAdmin(this.http)
				.exchange("/ops/institutions/" + bank.id(), HttpMethod.PATCH, new HttpEntity<>(change),
						JsonNode.class));
		}

		for (ResponseEntity<JsonNode> answer : whileLocked("SELECT id FROM institution WHERE id = ? FOR UPDATE",
				bank.id(), changes)) {
			assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		JsonNode institution = TestOperators.asAdmin(this.http)
			.getForObject("/ops/institutions/" + bank.id(), JsonNode.class)
			.get("institution");
		assertThat(institution.get("active").asBoolean()).as(institution.toString()).isFalse();
		assertThat(institution.get("requestsPerSecond").asInt()).isEqualTo(50);
	}

	/**
	 * {@code "graceSeconds":null} is not the default (the old keys stop at once): it is
	 * refused, and every key keeps working.
	 */
	@Test
	void aRotationWithANullGraceIsRefusedAndNoKeyStops() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);

		ResponseEntity<JsonNode> refused = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions/" + bank.id() + "/keys/rotate",
					new HttpEntity<>("{\"graceSeconds\":null,\"reason\":\"yearly\"}", headers), JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	/**
	 * An institution's name is shown in lists and audit rows: one line of readable text.
	 * A field the request does not have, and a number for a name (the type), are refused,
	 * not ignored or read as a position.
	 */
	@Test
	void refusesANameThatIsNotOneReadableLineAFieldItDoesNotHaveAndANumberForAType() {
		for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("name", "Tab\there", "type", "BANK"),
				Map.of("name", "Bank\u202Eknab", "type", "BANK"),
				Map.of("name", "Bank\nSecond line", "type", "BANK"))) {
			ResponseEntity<JsonNode> refused = TestOperators.asAdmin(this.http)
				.postForEntity("/ops/institutions", body, JsonNode.class);
			assertThat(refused.getStatusCode()).as(body.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("INVALID_REQUEST");
		}
		for (Map<String, Object> body : List.<Map<String, Object>>of(
				Map.of("name", "Bank Unknown Field", "type", "BANK", "typo", true),
				Map.of("name", "Bank By Number", "type", 0))) {
			ResponseEntity<JsonNode> refused = TestOperators.asAdmin(this.http)
				.postForEntity("/ops/institutions", body, JsonNode.class);
			assertThat(refused.getStatusCode()).as(body.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		}
		assertThat(TestOperators.asAdmin(this.http).getForObject("/ops/institutions", JsonNode.class).toString())
			.doesNotContain("Tab\\there", "Unknown Field", "By Number");
		ResponseEntity<JsonNode> rebuild = TestOperators.asOperator(this.http)
			.postForEntity("/ops/replica/rebuilds", Map.of("reason", "only 35", "prefix", "35"), JsonNode.class);
		assertThat(rebuild.getStatusCode()).as("a rebuild with a field it does not have")
			.isEqualTo(HttpStatus.BAD_REQUEST);
	}

	/**
	 * A name's 200 are characters, as the column counts them, after trimming: 200
	 * characters outside the BMP (400 UTF-16 units) fit, 201 do not.
	 */
	@Test
	void aNamesLengthIsCountedInCharactersOnceTrimmed() {
		String bank = "\ud83c\udfe6";
		for (String name : List.of(bank.repeat(200), " " + "\ud83c\udfdb".repeat(200) + " ")) {
			ResponseEntity<JsonNode> registered = TestOperators.asAdmin(this.http)
				.postForEntity("/ops/institutions", Map.of("name", name, "type", "BANK", "requestsPerSecond", 10),
						JsonNode.class);
			assertThat(registered.getStatusCode()).as(String.valueOf(registered.getBody()))
				.isEqualTo(HttpStatus.CREATED);
			assertThat(registered.getBody().at("/institution/name").asText()).isEqualTo(name.trim());
		}
		ResponseEntity<JsonNode> refused = TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions",
					Map.of("name", bank.repeat(201), "type", "BANK", "requestsPerSecond", 10), JsonNode.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("INVALID_REQUEST");
	}

	@Test
	void aChangeWithNothingToChangeIsRefusedAndNotAudited() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> refused = TestOperators.asAdmin(this.http)
			.exchange("/ops/institutions/" + bank.id(), HttpMethod.PATCH, new HttpEntity<>(Map.of()), JsonNode.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("INVALID_REQUEST");
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM operator_audit WHERE target = ? AND action <> 'INSTITUTION_REGISTER'")
			.param("institution:" + bank.id())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void anUnknownPermissionIsMalformedAndAChangeRepeatingTheCurrentValuesIsAnsweredAndAudited() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		ResponseEntity<JsonNode> unknown = TestOperators.asAdmin(this.http)
			.exchange("/ops/institutions/" + bank.id(), HttpMethod.PATCH,
					new HttpEntity<>(Map.of("permissions", java.util.List.of("ADMIN"))), JsonNode.class);
		ResponseEntity<JsonNode> same = TestOperators.asAdmin(this.http)
			.exchange("/ops/institutions/" + bank.id(), HttpMethod.PATCH,
					new HttpEntity<>(Map.of("requestsPerSecond", 10)), JsonNode.class);

		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unknown.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		assertThat(same.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(same.getBody().get("requestsPerSecond").asInt()).isEqualTo(10);
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM operator_audit WHERE target = ? AND action = 'INSTITUTION_CHANGE'")
					.param("institution:" + bank.id())
					.query(Long.class)
					.single())
			.isOne();
	}

	@Test
	void anInactiveInstitutionsKeyOpensNothing() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		TestOperators.asAdmin(this.http)
			.patchForObject("/ops/institutions/" + bank.id(), Map.of("active", false), JsonNode.class);

		assertThat(lookup(bank.key()).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void aPartnerKeyNeverOpensOpsRoutes() {
		Partner bank = TestPartners.register(this.http, "BANK", 10);

		for (String path : new String[] { "/ops/sync-status", "/ops/residents/" + NIK + "/sync-state",
				"/ops/institutions", "/ops/audit/partner-requests" }) {
			ResponseEntity<JsonNode> refused = TestPartners.get(this.http, path, bank.key(), "curious");
			assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("FORBIDDEN");
		}
	}

	@Test
	void auditsInstitutionChangesWithTheSignedInAdmin() {
		Partner bank = TestPartners.register(this.http, "KEMENAG", 10);

		assertThat(this.jdbc
			.sql("SELECT operator FROM operator_audit WHERE target = ? AND action = 'INSTITUTION_REGISTER'")
			.param("institution:" + bank.id())
			.query(String.class)
			.single()).isEqualTo(TestOperators.ADMIN);
	}

	private ResponseEntity<JsonNode> lookup(String key) {
		return TestPartners.get(this.http, LOOKUP, key, "account opening");
	}

}
