-- A letter was stored once per original topic, partition and offset, so a letter written to
-- nik-changes-dlt ahead of time with the coordinates a record would get hid that record's own
-- letter when it came (ON CONFLICT … DO NOTHING; attack run 2026-12-06, where the topic is open to
-- others). A letter is now the same letter only when it also carries the same record: its key and
-- its value, each with its length (-1 for none), so a record dead-lettered twice (a crash between
-- the letter's send and the consumer's commit) is still stored once, and one planted with other
-- bytes is stored beside the record's own.
ALTER TABLE dead_letter ADD COLUMN content_digest BYTEA GENERATED ALWAYS AS (sha256(
    coalesce(int4send(length(record_key_bytes)), '\xffffffff'::bytea) || coalesce(record_key_bytes, ''::bytea)
    || coalesce(int4send(length(payload)), '\xffffffff'::bytea) || coalesce(payload, ''::bytea))) STORED;

ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_origin;
ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_origin
    UNIQUE (original_topic, original_partition, original_offset, content_digest);
