-- All the outbox rows of a batch, one statement: change type, occurred at, then one array per column.
INSERT INTO outbox (id, event_id, nik, version, change_type, payload, occurred_at)
SELECT id, event_id, nik, version, ?, payload, ?
FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::bigint[], ?::bytea[]) AS t(id, event_id, nik, version, payload)
