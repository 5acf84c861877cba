-- An account's username may be 100 characters (registry_account.username), and it is the audit's
-- target of every change to that account: with 64, creating, changing or disabling such an account,
-- or its own password change, was a 500 and nothing happened (review, 2026-12-06).
ALTER TABLE registry_audit ALTER COLUMN target TYPE VARCHAR(200);
-- A client address as the connector reports it: an IPv6 address with its zone, or behind a proxy
-- what it forwarded, is longer than 45 characters; kept up to 100 (ClientAddresses cuts it there).
ALTER TABLE registry_audit ALTER COLUMN client_address TYPE VARCHAR(100);
ALTER TABLE sign_in_audit ALTER COLUMN client_address TYPE VARCHAR(100);
