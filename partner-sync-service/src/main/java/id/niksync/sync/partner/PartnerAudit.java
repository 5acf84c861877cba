package id.niksync.sync.partner;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import id.niksync.identity.Nik;
import id.niksync.sync.audit.OperatorAudit;
import id.niksync.sync.system.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The append-only record of partner requests (G7). A read writes its rows in its own
 * transaction, so data never leaves without them; {@link PartnerAuditFilter} writes the
 * row of any request that did not get that far (refused, invalid, rate-limited).
 */
@Component
class PartnerAudit {

	/** Set on the request once its rows are committed. */
	static final String AUDITED = PartnerAudit.class.getName() + ".audited";

	private static final Logger log = LoggerFactory.getLogger(PartnerAudit.class);

	private static final String COLUMNS = "id, at, institution_id, key_id, operation, purpose, nik, fields, outcome,"
			+ " http_status, client_address";

	private final JdbcClient jdbc;

	private final OperatorAudit operatorAudit;

	PartnerAudit(JdbcClient jdbc, OperatorAudit operatorAudit) {
		this.jdbc = jdbc;
		this.operatorAudit = operatorAudit;
	}

	/** Writes the rows of a request inside the transaction that reads for it. */
	@Transactional(propagation = Propagation.MANDATORY)
	void record(List<PartnerAuditRow> rows) {
		insert(rows);
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					request.setAttribute(AUDITED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
				}
			});
		}
	}

	/** Writes the row of a request that was answered without reading anything. */
	@Transactional
	void recordRefused(PartnerAuditRow row) {
		insert(List.of(row));
	}

	/**
	 * Writes the row of a refused request whose controller knows more than the filter
	 * would (the NIK in its body), in a transaction of its own, instead of the filter's.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void recordRefusedInstead(PartnerAuditRow row) {
		record(List.of(row));
	}

	/**
	 * A page of the trail, read by {@code operator}: that is recorded in the same
	 * transaction.
	 */
	@Transactional
	Page page(Long institutionId, String nik, Instant from, Instant to, int page, int size, String operator) {
		StringBuilder where = new StringBuilder(" WHERE true");
		List<Object> params = new ArrayList<>();
		if (institutionId != null) {
			where.append(" AND institution_id = ?");
			params.add(institutionId);
		}
		if (nik != null) {
			where.append(" AND nik = ?");
			params.add(nik);
		}
		if (from != null) {
			where.append(" AND at >= ?");
			params.add(Timestamp.from(from));
		}
		if (to != null) {
			where.append(" AND at < ?");
			params.add(Timestamp.from(to));
		}
		long total = this.jdbc.sql("SELECT count(*) FROM partner_audit" + where)
			.params(params)
			.query(Long.class)
			.single();
		List<Entry> items = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM partner_audit" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")
			.params(params)
			.param(size)
			.param((long) page * size)
			.query((rs, n) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
					(Long) rs.getObject("institution_id"), rs.getString("key_id"), rs.getString("operation"),
					rs.getString("purpose"), rs.getString("nik"), rs.getString("fields"), rs.getString("outcome"),
					rs.getInt("http_status"), rs.getString("client_address")))
			.list();
		this.operatorAudit.record(operator, "PARTNER_AUDIT_VIEW", "partner-audit", null, "institution=" + institutionId
				+ ", nik=" + nik + ", from=" + from + ", to=" + to + ", page=" + page + ", size=" + size);
		return new Page(items, page, size, total);
	}

	private void insert(List<PartnerAuditRow> rows) {
		this.jdbc
			.sql("""
					INSERT INTO partner_audit (institution_id, key_id, operation, purpose, nik, fields, outcome, http_status,
					    client_address)
					SELECT *, CAST(? AS VARCHAR) FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
					    ?::int[])""")
			.param(ClientAddress.current())
			.params(rows.stream().map(PartnerAuditRow::institutionId).toArray(Long[]::new),
					rows.stream().map(PartnerAuditRow::keyId).toArray(String[]::new),
					rows.stream().map((r) -> r.operation().name()).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::purpose).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::nik).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::fields).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::outcome).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::httpStatus).toArray(Integer[]::new))
			.update();
		PartnerAuditRow first = rows.get(0);
		// The audit table is the record; a log line per partner request is noise at
		// production rates (and 2 % of a lookup's CPU in the benchmark's profile). The
		// NIK is personal data: masked (G7).
		log.debug("Partner {} by institution {}: {} NIK(s), first {}, outcome {} ({})", first.operation(),
				first.institutionId(), rows.size(), Nik.mask(first.nik()), first.outcome(), first.httpStatus());
	}

	record Entry(long id, Instant at, Long institutionId, String keyId, String operation, String purpose, String nik,
			String fields, String outcome, int httpStatus, String clientAddress) {
	}

	record Page(List<Entry> items, int page, int size, long total) {
	}

}
