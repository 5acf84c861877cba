package id.niksync.registry.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import id.niksync.registry.resident.ChangeLog;
import id.niksync.registry.resident.ChangeType;
import id.niksync.registry.resident.Resident;
import id.niksync.schemas.NikChangedCodec;

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

	private final JdbcClient jdbc;

	private final NikChangedCodec codec;

	private final OutboxRelay relay;

	Outbox(JdbcClient jdbc, NikChangedCodec codec, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.relay = relay;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public long append(Resident resident, ChangeType changeType, String reason, Instant occurredAt) {
		long changeSeq = this.jdbc.sql("SELECT nextval('outbox_id_seq')").query(Long.class).single();
		UUID eventId = UUID.randomUUID();
		byte[] payload = this.codec
			.encode(EventMapper.toEvent(changeSeq, eventId, resident, changeType, reason, occurredAt));
		this.jdbc.sql("""
				INSERT INTO outbox (id, event_id, nik, version, change_type, payload, occurred_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(changeSeq, eventId, resident.nik(), resident.version(), changeType.name(), payload,
					Timestamp.from(occurredAt))
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.relay.wakeUp();
			}
		});
		return changeSeq;
	}

}
