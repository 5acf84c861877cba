package id.niksync.registry.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import id.niksync.registry.resident.ChangeLog;
import id.niksync.registry.resident.ChangeType;
import id.niksync.registry.resident.Resident;
import id.niksync.schemas.NikChangedCodec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox. The event is encoded when the change is accepted and stored
 * as the exact bytes the relay will publish, so what reaches Kafka is what the registry
 * committed.
 */
@Component
class Outbox implements ChangeLog {

	private static final String INSERT = """
			INSERT INTO outbox (id, event_id, nik, version, change_type, payload, occurred_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final NikChangedCodec codec;

	private final OutboxRelay relay;

	Outbox(JdbcClient jdbc, JdbcTemplate batch, NikChangedCodec codec, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.codec = codec;
		this.relay = relay;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public long append(Resident resident, ChangeType changeType, String reason, Instant occurredAt) {
		long changeSeq = this.jdbc.sql("SELECT nextval('outbox_id_seq')").query(Long.class).single();
		this.jdbc.sql(INSERT).params(row(changeSeq, resident, changeType, reason, occurredAt)).update();
		wakeRelayAfterCommit();
		return changeSeq;
	}

	/**
	 * One query for all the sequence numbers and one JDBC batch for all the rows, instead
	 * of two round trips per resident.
	 */
	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Long> appendAll(List<Resident> residents, ChangeType changeType, String reason, Instant occurredAt) {
		if (residents.isEmpty()) {
			return List.of();
		}
		List<Long> changeSeqs = this.jdbc
			.sql("SELECT nextval('outbox_id_seq') AS id FROM generate_series(1, ?) ORDER BY id")
			.param(residents.size())
			.query(Long.class)
			.list();
		List<Object[]> rows = new ArrayList<>(residents.size());
		for (int i = 0; i < residents.size(); i++) {
			rows.add(row(changeSeqs.get(i), residents.get(i), changeType, reason, occurredAt).toArray());
		}
		this.batch.batchUpdate(INSERT, rows);
		wakeRelayAfterCommit();
		return changeSeqs;
	}

	private List<Object> row(long changeSeq, Resident resident, ChangeType changeType, String reason,
			Instant occurredAt) {
		UUID eventId = UUID.randomUUID();
		byte[] payload = this.codec
			.encode(EventMapper.toEvent(changeSeq, eventId, resident, changeType, reason, occurredAt));
		return List.of(changeSeq, eventId, resident.nik(), resident.version(), changeType.name(), payload,
				Timestamp.from(occurredAt));
	}

	private void wakeRelayAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.relay.wakeUp();
			}
		});
	}

}
