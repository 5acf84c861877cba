package id.niksync.sync.partner;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import id.niksync.sync.TestPartners;
import id.niksync.sync.TestPartners.Partner;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.replica.ReplicaWriter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every partner request, refused ones included, leaves one audit row operators can find.
 */
@SyncIntegrationTest
class PartnerAuditIntegrationTests {

	private static final String NIK = "3511014506900801";

	@Autowired
	TestRestTemplate http;

	@Autowired
	ReplicaWriter replica;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OperatorAudit operatorAudit;

	@Test
	void everyRequestIncludingRefusedOnesLeavesARow() {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		String purpose = "audit-test " + UUID.randomUUID();
		String lookup = "/partner/v1/residents/" + NIK;

		TestPartners.get(this.http, lookup, null, purpose);
		TestPartners.get(this.http, lookup, "nsk_000000000000_" + "A".repeat(43), purpose);
		TestPartners.get(this.http, "/partner/v1/residents/3511010000000000", bank.key(), purpose);
		TestPartners.get(this.http, "/partner/v1/residents/3511014506909993", bank.key(), purpose);
		TestPartners.get(this.http, lookup + "?minVersion=5", bank.key(), purpose);
		TestPartners.post(this.http, "/partner/v1/verifications", "{not json", bank.key(), purpose);
		TestPartners.post(this.http, "/partner/v1/verifications", Map.of("nik", NIK, "kkNumber", "1"), bank.key(),
				purpose);
		TestPartners.get(this.http, lookup, bank.key(), purpose);

		List<Map<String, Object>> rows = this.jdbc
			.sql("SELECT institution_id, nik, fields, outcome, http_status, client_address FROM partner_audit"
					+ " WHERE purpose = ? ORDER BY id")
			.param(purpose)
			.query()
			.listOfRows();
		assertThat(rows).extracting((row) -> row.get("outcome"))
			.containsExactly("UNAUTHENTICATED", "UNAUTHENTICATED", "VALIDATION_FAILED", "NOT_ON_REPLICA",
					"REPLICA_BEHIND", "MALFORMED_REQUEST", "FIELD_NOT_IN_SCOPE", "OK");
		assertThat(rows.get(0).get("institution_id")).isNull();
		assertThat(rows.get(0).get("nik")).isEqualTo(NIK);
		assertThat(rows.get(2).get("nik")).as("a malformed NIK is not stored").isNull();
		assertThat(rows.get(7)).containsEntry("institution_id", bank.id())
			.containsEntry("nik", NIK)
			.containsEntry("http_status", 200);
		assertThat(rows).extracting((row) -> row.get("client_address")).containsOnly("127.0.0.1");
		assertThat((String) rows.get(7).get("fields")).contains("fullName", "address").doesNotContain("kkNumber");
	}

	@Test
	void aRefusedKeyIsRecordedByItsKeyIdWithTheClientAddress() {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		TestOperators.asAdmin(this.http)
			.postForEntity("/ops/institutions/" + bank.id() + "/keys/" + bank.keyId() + "/revoke",
					Map.of("reason", "leaked"), JsonNode.class);
		String purpose = "revoked-key-test " + UUID.randomUUID();

		TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), purpose);
		TestPartners.get(this.http, "/partner/v1/residents/" + NIK, "nsk_unknown00000_" + "A".repeat(43), purpose);
		TestPartners.get(this.http, "/partner/v1/residents/" + NIK, "not a key", purpose);

		assertThat(this.jdbc
			.sql("SELECT institution_id, key_id, outcome, client_address FROM partner_audit WHERE purpose = ?"
					+ " ORDER BY id")
			.param(purpose)
			.query()
			.listOfRows())
			.extracting((row) -> row.get("key_id"), (row) -> row.get("institution_id"), (row) -> row.get("outcome"),
					(row) -> row.get("client_address"))
			.containsExactly(tuple(bank.keyId(), null, "UNAUTHENTICATED", "127.0.0.1"),
					tuple("unknown00000", null, "UNAUTHENTICATED", "127.0.0.1"),
					tuple(null, null, "UNAUTHENTICATED", "127.0.0.1"));
	}

	@Test
	void readingTheTrailIsAudited() {
		TestOperators.asOperator(this.http)
			.getForObject("/ops/audit/partner-requests?nik={nik}&size=5", JsonNode.class, NIK);

		List<OperatorAudit.Entry> views = this.operatorAudit.forTarget("partner-audit");
		assertThat(views).isNotEmpty();
		OperatorAudit.Entry last = views.get(views.size() - 1);
		assertThat(last.operator()).isEqualTo(TestOperators.OPERATOR);
		assertThat(last.action()).isEqualTo("PARTNER_AUDIT_VIEW");
		assertThat(last.details()).contains("nik=" + NIK, "size=5");
		assertThat(last.clientAddress()).isEqualTo("127.0.0.1");
	}

	@Test
	void aRequestWithoutAPurposeIsRefusedAndAudited() {
		Partner bank = TestPartners.register(this.http, "BANK", 100);

		TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), null);

		assertThat(this.jdbc.sql("SELECT outcome FROM partner_audit WHERE institution_id = ?")
			.param(bank.id())
			.query(String.class)
			.list()).containsExactly("PURPOSE_REQUIRED");
	}

	@Test
	void operatorsQueryTheTrailByInstitutionNikAndTime() {
		this.replica.apply(List.of(TestPartners.resident(NIK, 1, "ACTIVE")));
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		Partner other = TestPartners.register(this.http, "OTHER", 100);
		Instant before = Instant.now();
		for (int i = 0; i < 3; i++) {
			TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), "kyc " + i);
		}
		TestPartners.get(this.http, "/partner/v1/residents/" + NIK, other.key(), "other");

		JsonNode page = TestOperators.asOperator(this.http)
			.getForObject("/ops/audit/partner-requests?institution={id}&nik={nik}&from={from}&size=2&page=0",
					JsonNode.class, bank.id(), NIK, before.toString());
		JsonNode later = TestOperators.asOperator(this.http)
			.getForObject("/ops/audit/partner-requests?institution={id}&from={from}", JsonNode.class, bank.id(),
					Instant.now().plusSeconds(60).toString());

		assertThat(page.get("total").asLong()).isEqualTo(3);
		assertThat(page.get("items")).hasSize(2);
		assertThat(page.at("/items/0/purpose").asText()).isEqualTo("kyc 2");
		assertThat(page.at("/items/0/institutionId").asLong()).isEqualTo(bank.id());
		assertThat(later.get("total").asLong()).isZero();
	}

	@Test
	void theTrailIsAppendOnly() {
		Partner bank = TestPartners.register(this.http, "BANK", 100);
		TestPartners.get(this.http, "/partner/v1/residents/" + NIK, bank.key(), "kyc");

		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.sql("UPDATE partner_audit SET outcome = 'OK'").update());
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.sql("DELETE FROM partner_audit").update());
	}

}
