-- The record's key exactly as it was on the topic. record_key is text for searching and display,
-- with what PostgreSQL text cannot hold (NUL) replaced; replay sends these bytes.
ALTER TABLE dead_letter ADD COLUMN record_key_bytes BYTEA;
