-- Accounts (issue 11): the lockout state and password age of each operator, and every sign-in.

-- failed_sign_ins: wrong passwords in a row since the last successful sign-in; locked_until: the
-- lockout they caused (NULL: never locked).
ALTER TABLE operator_account
    ADD COLUMN failed_sign_ins      INTEGER      NOT NULL DEFAULT 0,
    ADD COLUMN locked_until         TIMESTAMPTZ,
    ADD COLUMN last_failed_at       TIMESTAMPTZ,
    ADD COLUMN password_changed_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    ADD COLUMN updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    ADD CONSTRAINT operator_account_failed_sign_ins CHECK (failed_sign_ins >= 0);

-- One row per failed sign-in; successful ones once per account and client address per window
-- (README, "Accounts"). username is as presented (it may name no account), never a password.
CREATE TABLE sign_in_audit (
    id              BIGSERIAL    PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL,
    username        VARCHAR(100) NOT NULL,
    outcome         VARCHAR(10)  NOT NULL,
    client_address  VARCHAR(64),
    CONSTRAINT sign_in_audit_outcome CHECK (outcome IN ('SUCCESS', 'FAILURE', 'LOCKED', 'DISABLED'))
);

CREATE INDEX sign_in_audit_at ON sign_in_audit (at);
CREATE INDEX sign_in_audit_username_at ON sign_in_audit (username, at);

CREATE FUNCTION sign_in_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sign_in_audit is append-only';
END
$$;

CREATE TRIGGER sign_in_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON sign_in_audit
    FOR EACH ROW EXECUTE FUNCTION sign_in_audit_is_append_only();
CREATE TRIGGER sign_in_audit_no_truncate BEFORE TRUNCATE ON sign_in_audit
    FOR EACH STATEMENT EXECUTE FUNCTION sign_in_audit_is_append_only();
