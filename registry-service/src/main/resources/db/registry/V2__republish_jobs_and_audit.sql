-- Background republish jobs: every resident in a region, or a list of NIKs, goes out again as RESYNC.
-- Progress and cursor are updated in the same transaction as each batch's resident and outbox rows,
-- so a batch is either fully republished and counted or not at all, and a restart resumes after last_nik.
CREATE TABLE republish_job (
    id             UUID         PRIMARY KEY,
    kind           VARCHAR(6)   NOT NULL CHECK (kind IN ('REGION', 'NIKS')),
    region_prefix  VARCHAR(6),
    nik_count      INTEGER,
    state          VARCHAR(9)   NOT NULL CHECK (state IN ('RUNNING', 'COMPLETED', 'FAILED')),
    total          BIGINT       NOT NULL,
    done           BIGINT       NOT NULL DEFAULT 0,
    missing        BIGINT       NOT NULL DEFAULT 0,
    last_nik       VARCHAR(16),
    requested_by   VARCHAR(100) NOT NULL,
    reason         VARCHAR(500),
    failure        VARCHAR(200),
    started_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ,
    CHECK ((kind = 'REGION') = (region_prefix IS NOT NULL)),
    CHECK ((kind = 'NIKS') = (nik_count IS NOT NULL))
);

-- Looked up at start-up to resume jobs a restart cut off.
CREATE INDEX republish_job_running ON republish_job (started_at) WHERE state = 'RUNNING';

-- The NIKs a NIKS job was asked for, walked in NIK order like a region.
CREATE TABLE republish_job_nik (
    job_id  UUID        NOT NULL REFERENCES republish_job (id) ON DELETE CASCADE,
    nik     VARCHAR(16) NOT NULL,
    PRIMARY KEY (job_id, nik)
);

-- Who asked the registry to do what, and why: re-online requests and republish jobs. Written in the
-- same transaction as the action itself. A database table, not a log: target holds the full NIK.
CREATE TABLE registry_audit (
    id        BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TIMESTAMPTZ  NOT NULL,
    operator  VARCHAR(100) NOT NULL,
    action    VARCHAR(32)  NOT NULL,
    target    VARCHAR(64)  NOT NULL,
    reason    VARCHAR(500),
    details   JSONB
);

CREATE INDEX registry_audit_target ON registry_audit (target, at);
