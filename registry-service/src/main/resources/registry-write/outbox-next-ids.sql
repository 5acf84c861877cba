-- The change sequence numbers of a batch, one round trip: the events carry them, so they are
-- known before the rows are written.
SELECT nextval('outbox_id_seq') AS id FROM generate_series(1, ?) ORDER BY id
