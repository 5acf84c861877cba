-- Partner institutions, their API keys, operator accounts and the partner audit trail (G7).

CREATE TABLE institution (
    id                   BIGSERIAL    PRIMARY KEY,
    name                 VARCHAR(200) NOT NULL UNIQUE,
    type                 VARCHAR(10)  NOT NULL,
    requests_per_second  INTEGER      NOT NULL,
    active               BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT institution_type CHECK (type IN ('BANK', 'BPJS', 'KEMENAG', 'OTHER')),
    CONSTRAINT institution_rate CHECK (requests_per_second BETWEEN 1 AND 10000)
);

-- A key is "nsk_<key_id>_<secret>". Only the SHA-256 of the secret is kept: the key is shown once.
-- expires_at is set when the key is rotated out (now, or after a grace period); revoked_at ends it at once.
CREATE TABLE api_key (
    key_id          VARCHAR(12)  PRIMARY KEY,
    institution_id  BIGINT       NOT NULL REFERENCES institution (id),
    secret_sha256   CHAR(64)     NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ
);

CREATE INDEX api_key_institution ON api_key (institution_id);

-- Operators sign in with HTTP Basic; passwords are BCrypt hashes. roles: comma-separated (OPERATOR, ADMIN).
CREATE TABLE operator_account (
    username       VARCHAR(100) PRIMARY KEY,
    password_hash  VARCHAR(100) NOT NULL,
    roles          VARCHAR(100) NOT NULL,
    active         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per partner request (one per NIK for a batch), refused ones included: institution_id is
-- NULL when the caller could not be identified. Append-only: the trigger below refuses changes.
CREATE TABLE partner_audit (
    id              BIGSERIAL    PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    institution_id  BIGINT       REFERENCES institution (id),
    key_id          VARCHAR(12),
    operation       VARCHAR(20)  NOT NULL,
    purpose         VARCHAR(200),
    nik             VARCHAR(16),
    fields          TEXT         NOT NULL DEFAULT '',
    outcome         VARCHAR(40)  NOT NULL,
    http_status     SMALLINT     NOT NULL
);

CREATE INDEX partner_audit_at ON partner_audit (at);
CREATE INDEX partner_audit_institution_at ON partner_audit (institution_id, at);
CREATE INDEX partner_audit_nik_at ON partner_audit (nik, at);

CREATE FUNCTION partner_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'partner_audit is append-only';
END
$$;

CREATE TRIGGER partner_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON partner_audit
    FOR EACH ROW EXECUTE FUNCTION partner_audit_is_append_only();
CREATE TRIGGER partner_audit_no_truncate BEFORE TRUNCATE ON partner_audit
    FOR EACH STATEMENT EXECUTE FUNCTION partner_audit_is_append_only();
