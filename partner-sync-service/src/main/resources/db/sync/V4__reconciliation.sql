-- Reconciliation runs (anti-entropy with the registry) and what each found.
CREATE TABLE reconciliation (
    id                 UUID         PRIMARY KEY,
    prefix             VARCHAR(6)   NOT NULL,
    republish          BOOLEAN      NOT NULL,
    state              VARCHAR(10)  NOT NULL,
    requested_by       VARCHAR(100) NOT NULL,
    started_at         TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL,
    finished_at        TIMESTAMPTZ,
    buckets_compared   BIGINT       NOT NULL DEFAULT 0,
    registry_requests  BIGINT       NOT NULL DEFAULT 0,
    replica_queries    BIGINT       NOT NULL DEFAULT 0,
    missing            BIGINT       NOT NULL DEFAULT 0,
    stale              BIGINT       NOT NULL DEFAULT 0,
    extra              BIGINT       NOT NULL DEFAULT 0,
    ahead              BIGINT       NOT NULL DEFAULT 0,
    republish_job_ids  TEXT,
    failure            TEXT,
    CONSTRAINT reconciliation_state CHECK (state IN ('RUNNING', 'COMPLETED', 'FAILED'))
);

CREATE INDEX reconciliation_started ON reconciliation (started_at DESC);

CREATE TABLE reconciliation_finding (
    reconciliation_id  UUID         NOT NULL REFERENCES reconciliation (id) ON DELETE CASCADE,
    nik                VARCHAR(16)  NOT NULL,
    kind               VARCHAR(8)   NOT NULL,
    registry_version   BIGINT,
    replica_version    BIGINT,
    PRIMARY KEY (reconciliation_id, nik)
);
