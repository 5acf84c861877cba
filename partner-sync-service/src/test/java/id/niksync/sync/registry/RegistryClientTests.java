package id.niksync.sync.registry;

import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.schemas.registry.RegionDigest;
import id.niksync.schemas.registry.RegionDigest.Bucket;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.ReonlineAccepted;
import id.niksync.schemas.registry.ReonlineRequest;
import id.niksync.sync.RegistryStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.client.AutoConfigureMockRestServiceServer;
import org.springframework.boot.test.autoconfigure.web.client.RestClientTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClientException;

import static id.niksync.schemas.registry.RegistryExample.DIGESTS_OF_NIKS;
import static id.niksync.schemas.registry.RegistryExample.DIGESTS_OF_REGIONS;
import static id.niksync.schemas.registry.RegistryExample.OPS_OUTBOX;
import static id.niksync.schemas.registry.RegistryExample.REONLINE_ACCEPTED;
import static id.niksync.schemas.registry.RegistryExample.REONLINE_FOR_INSTITUTION;
import static id.niksync.schemas.registry.RegistryExample.REPUBLISH_NIKS;
import static id.niksync.schemas.registry.RegistryExample.REPUBLISH_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * partner-sync's side of the HTTP contract with registry-service: served the shared
 * example documents by a stub, the client reads the values they hold, and what it sends
 * is the shared example request. registry-service's {@code *ContractIntegrationTests}
 * prove its controllers answer and accept the same examples. The client runs with the
 * service's own JSON configuration ({@code application.yml}).
 */
@RestClientTest(components = RegistryClient.class)
@AutoConfigureMockRestServiceServer(enabled = false)
class RegistryClientTests {

	private static final String RE_ONLINED = "3511010101100001";

	private static final RegistryStub registry = RegistryStub.start()
		.answer("GET", RegistryApi.OUTBOX, 200, OPS_OUTBOX.text())
		.answer("GET", RegistryApi.DIGESTS + "?prefix=35", 200, DIGESTS_OF_REGIONS.text())
		.answer("GET", RegistryApi.DIGESTS + "?prefix=351101", 200, DIGESTS_OF_NIKS.text())
		.answer("GET", RegistryApi.DIGESTS + "?prefix=", 503, "{\"status\":503}")
		// a newer registry's answer, with a field this version does not know
		.answer("GET", RegistryApi.DIGESTS + "?prefix=36", 200,
				DIGESTS_OF_REGIONS.text().replaceFirst("\\{", "{\"addedLater\":{\"x\":[1]},"))
		.answer("POST", RegistryApi.REPUBLISH, 202, REPUBLISH_STARTED.text())
		.answer("POST", reonlineOf(RE_ONLINED), 202, REONLINE_ACCEPTED.text());

	@Autowired
	RegistryClient client;

	@Autowired
	ObjectMapper json;

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		properties.add("niksync.registry.base-url", registry::baseUrl);
		properties.add("niksync.registry.username", () -> "partner-sync");
		properties.add("niksync.registry.password", () -> "service-password-for-tests");
	}

	@AfterAll
	static void stopRegistry() {
		registry.close();
	}

	@Test
	void readsTheOutboxStatus() {
		assertThat(this.client.outbox())
			.isEqualTo(new OutboxStatus(7, false, Instant.parse("2026-01-01T00:00:00Z"), 1.5, 42L, 1000));
	}

	@Test
	void readsAnOutboxStatusWithoutPendingEstimatedAsCounted() throws Exception {
		// from a registry that counted the whole outbox, before the field existed
		String older = OPS_OUTBOX.text().replace("\"pendingEstimated\": false,", "");
		assertThat(older).doesNotContain("pendingEstimated");

		assertThat(this.json.readValue(older, OutboxStatus.class).pendingEstimated()).isFalse();
	}

	@Test
	void readsDigestsAboveTheNikLevelWithoutVersions() {
		assertThat(this.client.digests("35")).isEqualTo(new RegionDigest("35", 4, List
			.of(new Bucket("3511", 1001, "8f3a9c0e12ab77d4", null), new Bucket("3512", 3, "1c0ffee5ca1ab1e0", null))));
	}

	/**
	 * The service refuses request bodies with fields it does not know; the registry's
	 * answers are read past them, or a registry upgraded first would stop reconciliation.
	 */
	@Test
	void readsPastAFieldOfANewerRegistry() {
		assertThat(this.client.digests("36").buckets()).hasSize(2);
		assertThatExceptionOfType(Exception.class).as("the service's own reading refuses it")
			.isThrownBy(() -> this.json.readValue(DIGESTS_OF_REGIONS.text().replaceFirst("\\{", "{\"addedLater\":1,"),
					RegionDigest.class));
	}

	@Test
	void readsDigestsAtTheNikLevelWithVersions() {
		assertThat(this.client.digests("351101"))
			.isEqualTo(new RegionDigest("351101", 16, List.of(new Bucket("3511014506900001", 1, "5be0d1c2a3f40718", 2L),
					new Bucket("3511014506900002", 1, "e4c3b2a190817263", 1L))));
	}

	@Test
	void sendsTheContractsRepublishRequestAndReturnsTheJob() throws Exception {
		JsonNode example = REPUBLISH_NIKS.json();
		List<String> niks = new ArrayList<>();
		example.get("niks").forEach((nik) -> niks.add(nik.asText()));

		UUID job = this.client.republish(niks, example.get("reason").asText(), "ops-ani");

		assertThat(job).isEqualTo(UUID.fromString("0b5c1f0e-8a52-4d4f-9a53-3c1f2e6d7a90"));
		RegistryStub.Request sent = registry.last("POST", RegistryApi.REPUBLISH);
		REPUBLISH_NIKS.assertSameShape(sent.body());
		// The operator who asked travels in the reason: the registry audits the call
		// under partner-sync's own account.
		((ObjectNode) example).put("reason", example.get("reason").asText() + " (asked by ops-ani on partner-sync)");
		assertThat(this.json.readTree(sent.body())).isEqualTo(example);
		assertThat(sent.contentType()).startsWith("application/json");
		assertThat(sent.authorization()).isEqualTo("Basic " + Base64.getEncoder()
			.encodeToString("partner-sync:service-password-for-tests".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void sendsTheContractsReonlineRequestAndReadsTheAcceptedChange() throws Exception {
		ReonlineRequest example = this.json.treeToValue(REONLINE_FOR_INSTITUTION.json(), ReonlineRequest.class);

		RegistryClient.Reonline answer = this.client.reonline(RE_ONLINED, ReonlineRequest
			.onBehalfOf(example.institution(), example.purpose(), example.kkNumber(), example.reason()));

		assertThat(answer.accepted()).isEqualTo(new ReonlineAccepted(4242, 3));
		assertThat(answer.rejectedCode()).isNull();
		assertThat(answer.failure()).isNull();
		RegistryStub.Request sent = registry.last("POST", reonlineOf(RE_ONLINED));
		REONLINE_FOR_INSTITUTION.assertSameShape(sent.body());
		assertThat(this.json.readTree(sent.body())).isEqualTo(REONLINE_FOR_INSTITUTION.json());
	}

	@Test
	void anErrorStatusIsAnException() {
		assertThatExceptionOfType(RestClientException.class).isThrownBy(() -> this.client.digests(""));
	}

	private static String reonlineOf(String nik) {
		return RegistryApi.REONLINE.replace("{nik}", nik);
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RegistryProperties.class)
	static class Settings {

	}

	/**
	 * A re-online that timed out waiting for its answer may still be acted on by the
	 * registry (it is not sent again); one that never connected surely was not.
	 */
	@Test
	void tellsALostAnswerFromARequestNeverDelivered() {
		assertThat(RegistryClient.answerMayBeLost(new java.net.http.HttpTimeoutException("request timed out")))
			.isTrue();
		assertThat(RegistryClient.answerMayBeLost(new java.net.SocketTimeoutException("Read timed out"))).isTrue();
		assertThat(RegistryClient.answerMayBeLost(new java.net.http.HttpConnectTimeoutException("connect timed out")))
			.isFalse();
		assertThat(RegistryClient.answerMayBeLost(new java.net.SocketTimeoutException("Connect timed out"))).isFalse();
		assertThat(RegistryClient.answerMayBeLost(new java.net.ConnectException("Connection refused"))).isFalse();
	}

}
