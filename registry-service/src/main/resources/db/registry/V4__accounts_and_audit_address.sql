-- Who may sign in to the registry. roles: comma-separated (REGISTRAR, SUPERVISOR, ADMIN, SERVICE,
-- MONITOR); regions: comma-separated NIK prefixes (2, 4 or 6 digits) the account may act on.
-- Passwords are BCrypt hashes. failed_sign_ins counts wrong passwords in a row; locked_until holds
-- the end of the current lock-out.
CREATE TABLE registry_account (
    username             VARCHAR(100) PRIMARY KEY,
    password_hash        VARCHAR(100) NOT NULL,
    roles                VARCHAR(100) NOT NULL,
    regions              VARCHAR(500) NOT NULL DEFAULT '',
    active               BOOLEAN      NOT NULL DEFAULT TRUE,
    failed_sign_ins      INTEGER      NOT NULL DEFAULT 0,
    locked_until         TIMESTAMPTZ,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    password_changed_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Every sign-in that failed, and the first successful one per account and client address in a
-- window (HTTP Basic signs in again on every request). username is as presented: it may name
-- no account.
CREATE TABLE sign_in_audit (
    id              BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL,
    username        VARCHAR(100) NOT NULL,
    outcome         VARCHAR(10)  NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'LOCKED', 'DISABLED')),
    client_address  VARCHAR(45)
);

CREATE INDEX sign_in_audit_username ON sign_in_audit (username, at);

-- Every audit row says where the call came from (the TCP peer, not a header a caller can set).
ALTER TABLE registry_audit ADD COLUMN client_address VARCHAR(45);

-- Audit rows are history: no update or delete, also not by the schema's own statements.
CREATE FUNCTION registry_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;

CREATE TRIGGER registry_audit_append_only BEFORE UPDATE OR DELETE ON registry_audit
    FOR EACH STATEMENT EXECUTE FUNCTION registry_audit_is_append_only();

CREATE TRIGGER sign_in_audit_append_only BEFORE UPDATE OR DELETE ON sign_in_audit
    FOR EACH STATEMENT EXECUTE FUNCTION registry_audit_is_append_only();
