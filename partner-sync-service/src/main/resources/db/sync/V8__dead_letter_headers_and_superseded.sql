-- Every header of the dead-letter record, exactly (names and bytes, in order), for the detail
-- view and so that a replay sends the original record's own headers again (DeadLetterHeaders
-- encodes them).
ALTER TABLE dead_letter ADD COLUMN headers BYTEA;

-- A pending letter whose NIK the replica already holds at its version or a newer one has nothing
-- left to deliver: SUPERSEDED (kept and shown, no longer pending).
ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_status;
ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_status
    CHECK (status IN ('PENDING', 'REPLAYED', 'DISCARDED', 'SUPERSEDED'));
ALTER TABLE dead_letter ADD COLUMN superseded_by_version BIGINT;

-- The replay chain is read both ways.
CREATE INDEX dead_letter_replay_of ON dead_letter (replay_of) WHERE replay_of IS NOT NULL;
