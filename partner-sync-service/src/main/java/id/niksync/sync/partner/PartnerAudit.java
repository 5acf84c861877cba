package id.niksync.sync.partner;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.identity.Nik;
import id.niksync.sync.audit.OperatorAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The append-only record of partner requests (G7): exactly one row per request (one per
 * NIK of a batch), written before the answer leaves. {@link PartnerGate} writes the row
 * of a refused request, and lookups and verifications theirs, through
 * {@link PartnerAuditWriter}, which shares commits between concurrent requests; a request
 * that also changes something in a transaction of its own (re-online requests) writes its
 * rows in that transaction.
 */
@Component
class PartnerAudit {

	private static final Logger log = LoggerFactory.getLogger(PartnerAudit.class);

	private static final String COLUMNS = "id, at, institution_id, key_id, operation, purpose, nik, fields, outcome,"
			+ " http_status, client_address";

	private final JdbcClient jdbc;

	private final OperatorAudit operatorAudit;

	private final PartnerAuditWriter writer;

	PartnerAudit(JdbcClient jdbc, OperatorAudit operatorAudit, PartnerAuditWriter writer) {
		this.jdbc = jdbc;
		this.operatorAudit = operatorAudit;
		this.writer = writer;
	}

	/**
	 * Writes the rows of a request inside the transaction that reads or changes for it;
	 * the request counts as audited once that commits.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void record(List<PartnerAuditRow> rows) {
		PartnerCall call = PartnerCall.current();
		try {
			PartnerAuditWriter.insert(this.jdbc, rows);
		}
		catch (RuntimeException ex) {
			if (call != null && DatabaseUnavailable.causedBy(ex)) {
				// the gate would only wait for the database again to audit the 503
				call.failedToAudit();
			}
			throw ex;
		}
		logged(rows);
		if (call != null) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					call.audited();
				}
			});
		}
	}

	/**
	 * Writes the row of a request, sharing the commit with concurrent ones, and returns
	 * once it is committed.
	 * @throws AuditUnavailableException when it could not be
	 */
	void recordNow(PartnerAuditRow row) {
		recordNow(List.of(row));
	}

	/**
	 * Writes the rows of a request (at least one), sharing the commit with concurrent
	 * ones, and returns once they are committed.
	 * @throws AuditUnavailableException when they could not be
	 */
	void recordNow(List<PartnerAuditRow> rows) {
		PartnerCall call = PartnerCall.current();
		try {
			this.writer.write(rows);
		}
		catch (AuditUnavailableException ex) {
			if (call != null) {
				call.failedToAudit();
			}
			log.warn("Partner {} answered 503: its audit row was not written ({})", rows.get(0).operation(), ex.why());
			throw ex;
		}
		logged(rows);
		if (call != null) {
			call.audited();
		}
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

	private static void logged(List<PartnerAuditRow> rows) {
		if (log.isDebugEnabled()) {
			PartnerAuditRow first = rows.get(0);
			// The audit table is the record; a log line per partner request is noise at
			// production rates. The NIK is personal data: masked (G7).
			log.debug("Partner {} by institution {}: {} NIK(s), first {}, outcome {} ({})", first.operation(),
					first.institutionId(), rows.size(), Nik.mask(first.nik()), first.outcome(), first.httpStatus());
		}
	}

	record Entry(long id, Instant at, Long institutionId, String keyId, String operation, String purpose, String nik,
			String fields, String outcome, int httpStatus, String clientAddress) {
	}

	record Page(List<Entry> items, int page, int size, long total) {
	}

}
