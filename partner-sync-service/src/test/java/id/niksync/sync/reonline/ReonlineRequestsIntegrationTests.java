package id.niksync.sync.reonline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import id.niksync.identity.Nik;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.RegistryStub;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.InstitutionPermission;
import id.niksync.sync.access.InstitutionType;
import id.niksync.sync.registry.RegistryClient;
import id.niksync.sync.replica.ReplicaWriter;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.testsupport.EmbeddedPostgres;
import id.niksync.testsupport.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partner re-online requests against a stub registry and the real replica, broker and
 * database: a request ends ONLINE once the replica holds the registry's version, REJECTED
 * as the registry answered, FAILED with a reason an operator can act on; the
 * institution's limit and the NIK's refusal hold, and every request is audited.
 */
@SyncIntegrationTest
// A context of its own: closed when the class ends, not kept (with its broker,
// consumers and schedules running) until the whole suite ends.
@DirtiesContext
@TestPropertySource(properties = { "niksync.reonline.expire-after=6s", "niksync.reonline.requests-per-minute=4",
		"niksync.reonline.forward-retry-for=4s", "niksync.reonline.forward-first-backoff=100ms",
		"niksync.reonline.forward-max-backoff=400ms" })
class ReonlineRequestsIntegrationTests {

	private static final String REQUESTS = "/partner/v1/reonline-requests";

	private static final String KK = "3511010101100001";

	private static final String REJECTED = """
			{"type":"about:blank","status":422,"code":"KK_MISMATCH_OR_UNKNOWN"}""";

	private static final RegistryStub registry = RegistryStub.start();

	@LocalServerPort
	int port;

	@Autowired
	TestRestTemplate http;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	ObjectMapper json;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Autowired
	RegistryClient registryClient;

	@Autowired
	ReonlineProperties settings;

	@Autowired
	OperatorAudit audit;

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		properties.add("niksync.registry.base-url", registry::baseUrl);
		properties.add("niksync.registry.username", () -> "partner-sync");
		properties.add("niksync.registry.password", () -> "service-password");
	}

	@AfterAll
	static void stopRegistry() {
		registry.close();
	}

	@Test
	void endsOnlineOnceTheReplicaHoldsTheVersionTheRegistryPublished() throws Exception {
		String nik = "3511014506930001";
		registry.answer("POST", republish(nik), 202, "{\"changeSeq\":77,\"version\":3}");
		Partner bank = reonlinePartner();

		ResponseEntity<JsonNode> accepted = request(bank, nik, KK, "account opening");

		assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(accepted.getBody().get("status").asText()).isEqualTo("PENDING");
		String id = accepted.getBody().get("id").asText();
		assertThat(accepted.getHeaders().getLocation()).hasToString(REQUESTS + "/" + id);
		JsonNode sent = this.json.readTree(registry.last("POST", republish(nik)).body());
		assertThat(sent.get("kkNumber").asText()).isEqualTo(KK);
		assertThat(sent.get("purpose").asText()).isEqualTo("account opening");
		assertThat(sent.get("institution").asText()).endsWith("(institution " + bank.id() + ")");
		assertThat(sent.get("reason").asText()).isEqualTo("partner re-online request " + id);
		assertThat(registry.last("POST", republish(nik)).authorization()).startsWith("Basic ");
		assertThat(status(bank, id).get("status").asText()).isEqualTo("PENDING");

		this.replica.apply(List.of(TestPartners.resident(nik, 2, "ACTIVE")));
		// version 2 is not the one republished
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(3))
			.until(() -> status(bank, id).get("status").asText().equals("PENDING"));
		this.replica.apply(List.of(TestPartners.resident(nik, 3, "ACTIVE")));

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(status(bank, id).get("status").asText()).isEqualTo("ONLINE"));
		JsonNode online = status(bank, id);
		assertThat(online.get("version").asLong()).isEqualTo(3);
		assertThat(online.get("nik").asText()).isEqualTo(nik);
		assertThat(this.jdbc.sql("""
				SELECT operation || ' ' || outcome || ' ' || http_status FROM partner_audit
				WHERE institution_id = ? AND nik = ? ORDER BY id LIMIT 2""")
			.params(bank.id(), nik)
			.query(String.class)
			.list()).containsExactly("REONLINE_REQUEST ACCEPTED 202", "REONLINE_STATUS OK 200");
		JsonNode syncState = TestOperators.asOperator(this.http)
			.getForObject("/ops/residents/" + nik + "/sync-state", JsonNode.class);
		assertThat(syncState.at("/reonlineRequests/0/id").asText()).isEqualTo(id);
		assertThat(syncState.at("/reonlineRequests/0/status").asText()).isEqualTo("ONLINE");
	}

	@Test
	void rejectsAsTheRegistryDidAndRefusesTheNikAfterThreeRejections() {
		String nik = "3511014506930002";
		registry.answer("POST", republish(nik), 422, REJECTED);
		Partner bank = reonlinePartner();
		Partner bpjs = reonlinePartner();

		for (Partner partner : List.of(bank, bpjs, bank)) {
			ResponseEntity<JsonNode> answer = request(partner, nik, "3511010101100009", "kyc");
			assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
			assertThat(answer.getBody().get("status").asText()).isEqualTo("REJECTED");
			assertThat(answer.getBody().get("code").asText()).isEqualTo("KK_MISMATCH_OR_UNKNOWN");
			assertThat(status(partner, answer.getBody().get("id").asText()).get("status").asText())
				.isEqualTo("REJECTED");
		}

		ResponseEntity<JsonNode> refused = request(bpjs, nik, KK, "kyc");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("REONLINE_REFUSED_FOR_NIK");
		assertThat(refused.getHeaders().getFirst("Retry-After")).isNotNull();
		assertThat(count("SELECT count(*) FROM reonline_request WHERE nik = ?", nik)).isEqualTo(3);
		assertThat(count("""
				SELECT count(*) FROM partner_audit WHERE institution_id = ? AND nik = ?
				  AND outcome = 'REONLINE_REFUSED_FOR_NIK'""", bpjs.id(), nik)).isOne();
		JsonNode listed = TestOperators.asOperator(this.http)
			.getForObject("/ops/reonline-requests?status=REJECTED&institution=" + bank.id(), JsonNode.class);
		assertThat(listed.get("total").asLong()).isEqualTo(2);
		assertThat(listed.get("refusedNiks").findValuesAsText("nik")).contains(nik);
	}

	@Test
	void refusesOverTheInstitutionsLimitWithoutStoringAndOthersAreNotAffected() {
		Partner bank = reonlinePartner();
		Partner other = reonlinePartner();
		for (int i = 1; i <= 4; i++) {
			String nik = "351101450693010" + i;
			registry.answer("POST", republish(nik), 422, REJECTED);
			assertThat(request(bank, nik, KK, "kyc").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		}

		ResponseEntity<JsonNode> limited = request(bank, "3511014506930105", KK, "kyc");

		assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(limited.getBody().get("code").asText()).isEqualTo("REONLINE_RATE_LIMITED");
		assertThat(Long.parseLong(limited.getHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
		assertThat(count("SELECT count(*) FROM reonline_request WHERE institution_id = ?", bank.id())).isEqualTo(4);
		assertThat(request(other, "3511014506930101", KK, "kyc").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	/**
	 * Two instances (each with a pool of its own) open requests of one institution at the
	 * same moment: the limit counts them one after the other, so exactly the limit is
	 * stored however they interleave.
	 */
	@Test
	void holdsTheInstitutionsLimitForConcurrentRequestsThroughTwoInstances() throws Exception {
		Partner bank = reonlinePartner();
		AuthenticatedInstitution institution = new AuthenticatedInstitution(bank.id(), "bank " + bank.id(),
				InstitutionType.BANK, 50, bank.keyId(), Set.of(InstitutionPermission.REONLINE));
		List<HikariDataSource> pools = List.of(pool(), pool());
		int perInstance = 8;
		ExecutorService threads = Executors.newFixedThreadPool(2 * perInstance);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<String>> outcomes = new ArrayList<>();
			for (int i = 0; i < 2 * perInstance; i++) {
				HikariDataSource pool = pools.get(i % 2);
				ReonlineRequests instance = new ReonlineRequests(JdbcClient.create(pool), this.registryClient,
						this.settings, this.audit);
				TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
				Nik nik = Nik.of(String.format("351101450693%04d", 2000 + i));
				outcomes.add(threads.submit(() -> {
					start.await();
					try {
						transaction.executeWithoutResult((tx) -> instance.open(institution, nik, "kyc"));
						return "ACCEPTED";
					}
					catch (CodedProblemException ex) {
						return ex.code();
					}
				}));
			}
			start.countDown();
			List<String> answers = new ArrayList<>();
			for (Future<String> outcome : outcomes) {
				answers.add(outcome.get());
			}

			assertThat(answers).filteredOn("ACCEPTED"::equals).hasSize(4);
			assertThat(answers).filteredOn((answer) -> !answer.equals("ACCEPTED"))
				.hasSize(2 * perInstance - 4)
				.containsOnly("REONLINE_RATE_LIMITED");
			assertThat(count("SELECT count(*) FROM reonline_request WHERE institution_id = ?", bank.id())).isEqualTo(4);
		}
		finally {
			threads.shutdownNow();
			pools.forEach(HikariDataSource::close);
		}
	}

	private HikariDataSource pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(this.databaseUrl);
		pool.setUsername(EmbeddedPostgres.APP.name());
		pool.setPassword(EmbeddedPostgres.APP.password());
		pool.setMaximumPoolSize(8);
		return pool;
	}

	@Test
	void refusesBadInputWithEveryViolationAndStoresNothing() {
		Partner bank = reonlinePartner();

		ResponseEntity<JsonNode> refused = TestPartners.post(this.http, REQUESTS,
				Map.of("nik", "35110145069", "kkNumber", "3511010101100000"), bank.key(), "kyc");
		ResponseEntity<JsonNode> empty = TestPartners.post(this.http, REQUESTS, Map.of(), bank.key(), "kyc");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(refused.getBody().get("violations").findValuesAsText("code")).containsExactly("NIK_LENGTH",
				"KK_SERIAL_ZERO");
		assertThat(empty.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		assertThat(count("SELECT count(*) FROM reonline_request WHERE institution_id = ?", bank.id())).isZero();
		assertThat(
				count("SELECT count(*) FROM partner_audit WHERE institution_id = ? AND outcome = 'VALIDATION_FAILED'",
						bank.id()))
			.isEqualTo(2);
	}

	@Test
	void needsTheReonlinePermissionAndShowsOnlyTheInstitutionsOwnRequests() {
		String nik = "3511014506930003";
		registry.answer("POST", republish(nik), 202, "{\"changeSeq\":78,\"version\":2}");
		Partner bank = reonlinePartner();
		Partner withoutPermission = TestPartners.register(this.http, "BANK", 50);
		String id = request(bank, nik, KK, "kyc").getBody().get("id").asText();

		ResponseEntity<JsonNode> forbidden = request(withoutPermission, nik, KK, "kyc");
		ResponseEntity<JsonNode> others = TestPartners.get(this.http, REQUESTS + "/" + id, reonlinePartner().key(),
				"kyc");
		ResponseEntity<JsonNode> notAnId = TestPartners.get(this.http, REQUESTS + "/x", bank.key(), "kyc");

		assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(forbidden.getBody().get("code").asText()).isEqualTo("PERMISSION_REQUIRED");
		assertThat(others.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(others.getBody().get("code").asText()).isEqualTo("REONLINE_REQUEST_NOT_FOUND");
		assertThat(others.getBody().toString()).doesNotContain(nik);
		assertThat(TestPartners.get(this.http, REQUESTS + "/" + id.toUpperCase(Locale.ROOT), bank.key(), "kyc")
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(notAnId.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void failsWithTheDeadLetterWhenTheChangeWasDeadLettered() {
		String nik = "3511014506930004";
		registry.answer("POST", republish(nik), 202, "{\"changeSeq\":79,\"version\":5}");
		Partner bank = reonlinePartner();
		String id = request(bank, nik, KK, "kyc").getBody().get("id").asText();

		long letter = this.jdbc
			.sql("""
					INSERT INTO dead_letter (reason_code, original_topic, original_partition, original_offset, dlt_partition,
					    dlt_offset, nik, event_version)
					VALUES ('REPLICA_REFUSED', 'nik-changes', 0, 9000004, 0, 9000004, ?, 5) RETURNING id""")
			.param(nik)
			.query(Long.class)
			.single();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(status(bank, id).get("status").asText()).isEqualTo("FAILED"));
		JsonNode failed = status(bank, id);
		assertThat(failed.get("code").asText()).isEqualTo("DEAD_LETTERED");
		assertThat(failed.get("deadLetterId").asLong()).isEqualTo(letter);
		assertThat(failed.get("reason").asText()).contains("dead letter " + letter);
		JsonNode listed = TestOperators.asOperator(this.http)
			.getForObject("/ops/reonline-requests?institution=" + bank.id(), JsonNode.class);
		assertThat(listed.at("/items/0/status").asText()).isEqualTo("FAILED");
	}

	/**
	 * Attack run findings: an age filter beyond PostgreSQL's timestamps, and a purpose in
	 * UTF-8 (its bytes arrive as C1 control characters), were answered 500.
	 */
	@Test
	void refusesAnAgeBeyondACenturyAndAPurposeOutsideIso88591As400() throws Exception {
		for (String filter : List.of("maxAgeSeconds=922337203685", "minAgeSeconds=9223372036854775807")) {
			ResponseEntity<JsonNode> refused = TestOperators.asOperator(this.http)
				.getForEntity("/ops/reonline-requests?" + filter, JsonNode.class);
			assertThat(refused.getStatusCode()).as(filter).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("VALIDATION_FAILED");
		}
		// the UTF-8 bytes of an en dash, sent as they are (curl does so)
		String purpose = new String("pembukaan rekening \u2013 KYC".getBytes(StandardCharsets.UTF_8),
				StandardCharsets.ISO_8859_1);
		RawHttp.Response dash = RawHttp.sendBody(this.port, "POST", REQUESTS,
				"{\"nik\":\"3511014506930009\",\"kkNumber\":\"" + KK + "\"}",
				"Authorization: ApiKey " + reonlinePartner().key(), "X-Purpose: " + purpose,
				"Content-Type: application/json");
		assertThat(dash.status()).as(dash.body()).isEqualTo(400);
		assertThat(dash.body()).contains("\"code\":\"REQUEST_REJECTED\"");
	}

	@Test
	void failsWhenTheReplicaDoesNotGetThereInTimeOrTheRegistryCannotBeAskedForLong() {
		String slow = "3511014506930005";
		String unreachableNik = "3511014506930006";
		registry.answer("POST", republish(slow), 202, "{\"changeSeq\":80,\"version\":9}");
		Partner bank = reonlinePartner();
		String id = request(bank, slow, KK, "kyc").getBody().get("id").asText();
		// the stub answers anything else 404: not a refusal, the registry misbehaving
		ResponseEntity<JsonNode> unreachable = request(bank, unreachableNik, KK, "kyc");

		assertThat(unreachable.getBody().get("status").asText()).as("retried first").isEqualTo("PENDING");
		String unreachableId = unreachable.getBody().get("id").asText();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(status(bank, unreachableId).get("status").asText()).isEqualTo("FAILED"));
		JsonNode failed = status(bank, unreachableId);
		assertThat(failed.get("code").asText()).isEqualTo("REGISTRY_UNAVAILABLE");
		assertThat(failed.get("reason").asText()).contains("HTTP 404").doesNotContain(unreachableNik);
		assertThat(registry.count("POST", republish(unreachableNik))).as("forwarded again with backoff")
			.isGreaterThan(2);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(status(bank, id).get("status").asText()).isEqualTo("FAILED"));
		assertThat(status(bank, id).get("code").asText()).isEqualTo("NOT_ONLINE_IN_TIME");
		assertThat(status(bank, id).get("reason").asText()).contains("version 9");
	}

	/**
	 * A request the registry refuses as it was sent (here a 400) is no outage: sending it
	 * again for the retry window got the same answer, and held the NIK's checks
	 * meanwhile.
	 */
	@Test
	void failsAtOnceWhenTheRegistryRefusesTheRequestAsSent() {
		String nik = "3511014506930031";
		registry.answer("POST", republish(nik), 400,
				"{\"status\":400,\"code\":\"VALIDATION_FAILED\",\"violations\":[{\"field\":\"institution\"}]}");
		Partner bank = reonlinePartner();

		String id = request(bank, nik, KK, "kyc").getBody().get("id").asText();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(status(bank, id).get("status").asText()).isEqualTo("FAILED"));
		assertThat(status(bank, id).get("code").asText()).isEqualTo("REGISTRY_REFUSED");
		assertThat(status(bank, id).get("reason").asText()).contains("HTTP 400").doesNotContain(nik);
		assertThat(registry.count("POST", republish(nik))).as("not sent again").isOne();
	}

	@Test
	void forwardsAgainUntilTheRegistryAnswersThenEndsOnline() throws Exception {
		String nik = "3511014506930007";
		Partner bank = reonlinePartner();
		ResponseEntity<JsonNode> accepted = request(bank, nik, KK, "kyc");
		assertThat(accepted.getBody().get("status").asText()).isEqualTo("PENDING");
		String id = accepted.getBody().get("id").asText();

		registry.answer("POST", republish(nik), 202, "{\"changeSeq\":81,\"version\":4}");

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					count("SELECT count(*) FROM reonline_request WHERE id = ?::uuid AND target_version = 4", id))
				.isOne());
		assertThat(this.json.readTree(registry.last("POST", republish(nik)).body()).get("kkNumber").asText())
			.as("the family-card number is sent again")
			.isEqualTo(KK);
		this.replica.apply(List.of(TestPartners.resident(nik, 4, "ACTIVE")));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(status(bank, id).get("status").asText()).isEqualTo("ONLINE"));
		JsonNode listed = TestOperators.asOperator(this.http)
			.getForObject("/ops/reonline-requests?institution=" + bank.id(), JsonNode.class);
		assertThat(listed.at("/items/0/forwardAttempts").asInt()).isPositive();
		assertThat(listed.at("/items/0/forwardError").asText()).contains("HTTP 404");
	}

	@Test
	void endsOnlineWhenTheNikReachesTheReplicaWhileTheRegistryCannotBeAsked() {
		String nik = "3511014506930008";
		Partner bank = reonlinePartner();
		String id = request(bank, nik, KK, "kyc").getBody().get("id").asText();

		this.replica.apply(List.of(TestPartners.resident(nik, 6, "ACTIVE")));

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(status(bank, id).get("status").asText()).isEqualTo("ONLINE"));
		assertThat(status(bank, id).get("version").asLong()).isEqualTo(6);
	}

	/**
	 * Attack run finding: wrong family-card numbers for one NIK sent at once by several
	 * institutions were all checked by the registry (5 before its own limit), since the
	 * refusal counted only the rejections already stored.
	 */
	@Test
	void checksAtMostThreeWrongFamilyCardsForOneNikHoweverManyInstitutionsAskAtOnce() throws Exception {
		String nik = "3511014506930011";
		registry.answer("POST", republish(nik), 422, REJECTED);
		List<Partner> partners = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			partners.add(reonlinePartner());
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService senders = Executors.newFixedThreadPool(partners.size());
		List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
		try {
			List<Future<ResponseEntity<JsonNode>>> sent = new ArrayList<>();
			for (int i = 0; i < partners.size(); i++) {
				Partner partner = partners.get(i);
				String kk = "35110101011000" + (10 + i);
				sent.add(senders.submit(() -> {
					start.await();
					return request(partner, nik, kk, "kyc");
				}));
			}
			start.countDown();
			for (Future<ResponseEntity<JsonNode>> answer : sent) {
				answers.add(answer.get());
			}
		}
		finally {
			senders.shutdownNow();
		}

		List<ResponseEntity<JsonNode>> checked = answers.stream()
			.filter((a) -> a.getStatusCode() == HttpStatus.ACCEPTED)
			.toList();
		List<ResponseEntity<JsonNode>> refused = answers.stream()
			.filter((a) -> a.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS)
			.toList();
		assertThat(registry.count("POST", republish(nik))).isEqualTo(3);
		assertThat(checked).hasSize(3)
			.allSatisfy((a) -> assertThat(a.getBody().get("status").asText()).isEqualTo("REJECTED"));
		assertThat(refused).hasSize(7).allSatisfy((a) -> {
			assertThat(a.getBody().get("code").asText()).isEqualTo("REONLINE_REFUSED_FOR_NIK");
			assertThat(a.getHeaders().getFirst("Retry-After")).isNotNull();
		});
		assertThat(request(partners.get(0), nik, KK, "kyc").getBody().get("code").asText())
			.isEqualTo("REONLINE_REFUSED_FOR_NIK");
		assertThat(registry.count("POST", republish(nik))).isEqualTo(3);
	}

	@Test
	void anOperatorLiftsANiksRefusalWithAReasonAuditedWithTheOperator() {
		String nik = "3511014506930012";
		registry.answer("POST", republish(nik), 422, REJECTED);
		Partner bank = reonlinePartner();
		for (int i = 0; i < 3; i++) {
			request(bank, nik, "3511010101100009", "kyc");
		}
		assertThat(request(bank, nik, KK, "kyc").getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		String lift = "/ops/reonline-requests/refusals/" + nik + "/lift";
		TestRestTemplate operator = TestOperators.asOperator(this.http);

		ResponseEntity<JsonNode> withoutReason = operator.postForEntity(lift, Map.of(), JsonNode.class);
		ResponseEntity<JsonNode> lifted = operator.postForEntity(lift,
				Map.of("reason", "citizen showed the family card at the civil registry"), JsonNode.class);
		ResponseEntity<JsonNode> again = operator.postForEntity(lift, Map.of("reason", "twice"), JsonNode.class);

		assertThat(withoutReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(withoutReason.getBody().get("code").asText()).isEqualTo("REASON_REQUIRED");
		assertThat(lifted.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(lifted.getBody().get("liftedRejections").asInt()).isEqualTo(3);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(again.getBody().get("code").asText()).isEqualTo("NIK_NOT_REFUSED");
		assertThat(this.jdbc.sql("""
				SELECT operator || ' ' || reason || ' ' || details FROM operator_audit
				WHERE action = 'REONLINE_REFUSAL_LIFT' AND target = ?""")
			.param("resident:" + nik)
			.query(String.class)
			.list()).containsExactly(
					TestOperators.OPERATOR + " citizen showed the family card at the civil registry rejections=3");
		assertThat(operator.getForObject("/ops/reonline-requests", JsonNode.class)
			.get("refusedNiks")
			.findValuesAsText("nik")).doesNotContain(nik);
		registry.answer("POST", republish(nik), 202, "{\"changeSeq\":82,\"version\":2}");
		ResponseEntity<JsonNode> asked = request(bank, nik, KK, "kyc");
		assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(asked.getBody().get("status").asText()).isEqualTo("PENDING");
	}

	@Test
	void refusesANumberOrABooleanForTheNikOrFamilyCardAsMalformed() {
		Partner bank = reonlinePartner();
		for (String body : List.of("{\"nik\":3511014506930013,\"kkNumber\":\"" + KK + "\"}",
				"{\"nik\":\"3511014506930013\",\"kkNumber\":true}",
				"{\"nik\":\"3511014506930013\",\"kkNumber\":3511010101100001}")) {
			ResponseEntity<JsonNode> refused = this.http.exchange(REQUESTS, HttpMethod.POST,
					new HttpEntity<>(body, TestPartners.headers(bank.key(), "kyc")), JsonNode.class);
			assertThat(refused.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).isEqualTo("MALFORMED_REQUEST");
		}
		assertThat(count("SELECT count(*) FROM reonline_request WHERE institution_id = ?", bank.id())).isZero();
	}

	@Test
	void refusesCallbacksToLoopbackPrivateLinkLocalOtherPortsAndPlainHttpAndShowsTheSecretOnce() {
		Partner bank = reonlinePartner();
		for (String url : List.of("https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook",
				"https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
				"https://[fd00::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://224.0.0.1/hook",
				"https://0.0.0.0/hook", "http://93.184.215.14/hook", "https://user:pw@93.184.215.14/hook",
				"https://93.184.215.14:22/hook", "https://93.184.215.14:5432/hook", "https://93.184.215.14:80/hook",
				"https://[2606:2800:220:1:248:1893:25c8:1946%lo]/hook")) {
			ResponseEntity<JsonNode> refused = callback(bank, url);
			assertThat(refused.getStatusCode()).as(url).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getBody().get("code").asText()).as(url).isEqualTo("CALLBACK_URL_REFUSED");
		}

		ResponseEntity<JsonNode> set = callback(bank, "https://93.184.215.14/niksync/hook");

		assertThat(set.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(set.getBody().get("url").asText()).isEqualTo("https://93.184.215.14/niksync/hook");
		assertThat(set.getBody().get("secret").asText()).startsWith("nscb_").hasSizeGreaterThan(40);
		JsonNode institution = TestOperators.asAdmin(this.http)
			.getForObject("/ops/institutions/" + bank.id(), JsonNode.class);
		assertThat(institution.at("/institution/callbackUrl").asText()).isEqualTo("https://93.184.215.14/niksync/hook");
		assertThat(institution.toString()).doesNotContain(set.getBody().get("secret").asText());
		assertThat(callback(bank, "https://93.184.215.14:8443/niksync/hook").getStatusCode()).as("the other port")
			.isEqualTo(HttpStatus.OK);
	}

	/**
	 * An {@code Accept} without JSON used to be refused only once the handler had run: a
	 * request created, a callback secret stored that nobody was shown, audited as done.
	 */
	@Test
	void anAcceptWithoutJsonIsRefusedBeforeAnythingIsDone() {
		Partner bank = reonlinePartner();
		long requestsBefore = count("SELECT count(*) FROM reonline_request");
		HttpHeaders html = TestPartners.headers(bank.key(), "kyc");
		html.setAccept(List.of(MediaType.TEXT_HTML));

		ResponseEntity<String> created = this.http.exchange(REQUESTS, HttpMethod.POST,
				new HttpEntity<>(Map.of("nik", "3511014506900001", "kkNumber", "3511010101100001"), html),
				String.class);
		ResponseEntity<String> callback = this.http.exchange("/partner/v1/reonline-callback", HttpMethod.PUT,
				new HttpEntity<>(Map.of("url", "https://93.184.215.14/niksync/hook"), html), String.class);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
		assertThat(callback.getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
		assertThat(count("SELECT count(*) FROM reonline_request")).isEqualTo(requestsBefore);
		assertThat(TestOperators.asAdmin(this.http)
			.getForObject("/ops/institutions/" + bank.id(), JsonNode.class)
			.at("/institution/callbackUrl")
			.asText("")).isEmpty();
		assertThat(this.jdbc.sql("SELECT http_status FROM partner_audit WHERE institution_id = ?")
			.param(bank.id())
			.query(Integer.class)
			.list()).containsExactly(406, 406);
	}

	private Partner reonlinePartner() {
		return TestPartners.register(this.http, "BANK", 50, List.of("REONLINE"));
	}

	private ResponseEntity<JsonNode> request(Partner partner, String nik, String kk, String purpose) {
		return TestPartners.post(this.http, REQUESTS, Map.of("nik", nik, "kkNumber", kk), partner.key(), purpose);
	}

	private JsonNode status(Partner partner, String id) {
		ResponseEntity<JsonNode> answer = TestPartners.get(this.http, REQUESTS + "/" + id, partner.key(), "status");
		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		return answer.getBody();
	}

	private ResponseEntity<JsonNode> callback(Partner partner, String url) {
		return this.http.exchange("/partner/v1/reonline-callback", HttpMethod.PUT,
				new HttpEntity<>(Map.of("url", url), TestPartners.headers(partner.key(), "callback")), JsonNode.class);
	}

	private long count(String sql, Object... params) {
		return this.jdbc.sql(sql).params(params).query(Long.class).single();
	}

	private static String republish(String nik) {
		return "/api/v1/residents/" + nik + "/republish";
	}

}
