-- A letter was stored once per original topic, partition and offset, so a letter written to
-- nik-changes-dlt ahead of time with the coordinates a record would get hid that record's own
-- letter when it came (ON CONFLICT … DO NOTHING; attack run 2026-12-06, where the topic is open to
-- others). A letter is now the same letter only when it also carries the same record: the SHA-256
-- DeadLetterStore.contentDigest computes over its reason code, key, value and the record's own
-- headers (not the dead-letter headers, which differ between attempts). A record dead-lettered
-- twice (a crash between the letter's send and the consumer's commit) is still stored once; one
-- planted with anything else different is stored beside the record's own.
-- Letters stored before have no digest: NULLs are never equal, so none of them is taken for a new
-- one. The column is added without a table rewrite; the constraint's index is rebuilt. Instances of
-- the previous version name the old constraint in their ON CONFLICT and fail to store letters
-- (retried, not lost) until they are replaced: stop them before this migration runs.
ALTER TABLE dead_letter ADD COLUMN content_digest BYTEA;

ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_origin;
ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_origin
    UNIQUE (original_topic, original_partition, original_offset, content_digest);
