package id.niksync.sync.partner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.InstitutionType;
import id.niksync.sync.replica.ReplicaWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResidentLookupAdapter} answers a lookup as Spring MVC's own adapter answers it
 * by calling {@link ResidentLookupController}: the same status, content type and body, or
 * the same refusal (which the exception handlers then answer alike).
 */
@SyncIntegrationTest
// Each lookup of a NIK not on the replica with a minVersion waits this out, twice (ours,
// Spring MVC's): 2 s each made this test 20 s long.
@TestPropertySource(properties = "niksync.partner.min-version-wait=200ms")
@DirtiesContext
class ResidentLookupAdapterIntegrationTests {

	private static final String NIK = "3511014506900888";

	@Autowired
	ResidentLookupMapping mapping;

	@Autowired
	ResidentLookupAdapter adapter;

	@Autowired
	RequestMappingHandlerAdapter spring;

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void answersEveryLookupAsSpringMvcsAdapterAnswersItsController() throws Exception {
		this.replica.apply(List.of(TestPartners.resident(NIK, 3, "ACTIVE")));
		Map<String, String> outcomes = new LinkedHashMap<>();
		for (InstitutionType type : List.of(InstitutionType.BANK, InstitutionType.BPJS)) {
			Partner partner = TestPartners.register(this.http, type.name(), 1000);
			signIn(new AuthenticatedInstitution(partner.id(), "test " + type, type, 1000, partner.keyId(), Set.of()));
			// a NIK not on the replica waits out minVersion's wait for each version asked
			// of it: with one type only
			List<String> niks = (type == InstitutionType.BANK)
					? List.of(NIK, "3511014506900889", "abc", "3511014506900") : List.of(NIK);
			for (String nik : niks) {
				List<String[]> queries = new ArrayList<>();
				queries.add(null);
				for (String minVersion : List.of("1", "3", " 2 ", "", "0", "-1", "latest", "0x2", "1 2",
						"99999999999999999999", "+1", "\uff12", "\u0662", "-", " ", "02", "\t2\n")) {
					queries.add(new String[] { minVersion });
				}
				queries.add(new String[] { "1", "2" });
				for (String[] minVersion : queries) {
					String ours = answer(this.adapter, nik, minVersion);
					String theirs = answer(this.spring, nik, minVersion);
					String request = type + " " + nik + " minVersion="
							+ ((minVersion != null) ? List.of(minVersion) : "");
					assertThat(ours).as(request).isEqualTo(theirs);
					outcomes.put(request, ours);
				}
			}
		}
		// what the two agreed on: answers, each kind of refusal, and minVersion's rule
		assertThat(outcomes.get("BANK " + NIK + " minVersion=[3]")).startsWith("200 application/json {")
			.contains("\"version\":3");
		assertThat(outcomes.get("BPJS " + NIK + " minVersion=")).startsWith("200 application/json {")
			.isNotEqualTo(outcomes.get("BANK " + NIK + " minVersion="));
		assertThat(outcomes.get("BANK 3511014506900889 minVersion=")).contains("ResidentNotFoundException");
		assertThat(outcomes.get("BANK 3511014506900889 minVersion=[1]")).contains("ReplicaBehindException");
		assertThat(outcomes.get("BANK abc minVersion=")).contains("VALIDATION_FAILED").contains("field=nik");
		assertThat(outcomes.get("BANK abc minVersion=[0]")).as("every violation, the NIK's and minVersion's")
			.contains("FIELD_RANGE")
			.contains("field=nik");
		for (String read : List.of("[1]", "[3]", "[]")) {
			assertThat(outcomes.get("BANK " + NIK + " minVersion=" + read)).as(read).startsWith("200 ");
		}
		for (String range : List.of("[0]", "[-1]")) {
			assertThat(outcomes.get("BANK " + NIK + " minVersion=" + range)).as(range).contains("FIELD_RANGE");
		}
		// one spelling, as every whole-number parameter: no blanks, no leading zero
		for (String unreadable : List.of("[latest]", "[0x2]", "[1 2]", "[99999999999999999999]", "[1, 2]", "[+1]",
				"[\uff12]", "[\u0662]", "[-]", "[ ]", "[ 2 ]", "[02]", "[\t2\n]")) {
			assertThat(outcomes.get("BANK " + NIK + " minVersion=" + unreadable)).as(unreadable)
				.contains("FIELD_UNREADABLE");
		}
	}

	/**
	 * Over HTTP: JSON in UTF-8 whatever charset the {@code Accept} names, and a HEAD
	 * answered as the GET, without its body, each audited.
	 */
	@Test
	void answersJsonAndHeadAsTheGetAuditingEach() {
		this.replica.apply(List.of(TestPartners.resident(NIK, 3, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 1000);
		String purpose = "adapter-test " + UUID.randomUUID();
		Map<String, ResponseEntity<byte[]>> answers = new LinkedHashMap<>();
		for (String accept : List.of("application/json", "application/json;charset=ISO-8859-1",
				"application/json;charset=UTF-16", "*/*")) {
			for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
				HttpHeaders headers = TestPartners.headers(bank.key(), purpose);
				headers.set(HttpHeaders.ACCEPT, accept);
				answers.put(method + " " + accept, this.http.exchange(PartnerApi.RESIDENTS + "/" + NIK, method,
						new HttpEntity<>(headers), byte[].class));
			}
		}
		byte[] body = answers.get("GET application/json").getBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"fullName\":\"Siti Aminah\"");
		answers.forEach((request, answer) -> {
			assertThat(answer.getStatusCode()).as(request).isEqualTo(HttpStatus.OK);
			assertThat(answer.getHeaders().getContentType()).as(request).isEqualTo(MediaType.APPLICATION_JSON);
			assertThat(answer.getHeaders().getContentLength()).as(request).isEqualTo(body.length);
			assertThat(answer.getBody()).as(request).isEqualTo(request.startsWith("GET") ? body : null);
		});
		assertThat(this.jdbc.sql("SELECT outcome FROM partner_audit WHERE purpose = ?")
			.param(purpose)
			.query(String.class)
			.list()).hasSize(answers.size()).containsOnly("OK");
	}

	/** Status, content type and body, or the refusal and its problem. */
	private String answer(HandlerAdapter adapter, String nik, String[] minVersion) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PartnerApi.RESIDENTS + "/" + nik);
		ServletRequestPathUtils.parseAndCache(request);
		request.addHeader(PartnerApi.PURPOSE_HEADER, "kyc");
		if (minVersion != null) {
			request.addParameter(PartnerApi.MIN_VERSION, minVersion);
		}
		HandlerExecutionChain found = this.mapping.getHandler(request);
		assertThat(found).isNotNull();
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			adapter.handle(request, response, found.getHandler());
		}
		catch (Exception ex) {
			return ex.getClass().getName() + " "
					+ ((ex instanceof ErrorResponse problem) ? problem.getBody() : ex.getMessage());
		}
		return response.getStatus() + " " + response.getContentType() + " " + response.getContentAsString();
	}

	private static void signIn(AuthenticatedInstitution institution) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(institution, null, List.of()));
	}

}
