-- One audit row per target of a batch, one statement.
INSERT INTO registry_audit (at, operator, client_address, action, target, reason, details)
SELECT ?, ?, ?, ?, target, ?, ?::jsonb FROM unnest(?::varchar[]) AS target
