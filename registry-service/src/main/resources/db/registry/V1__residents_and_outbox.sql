-- The registry of record. One row per NIK; version counts accepted changes (1 = issued).
CREATE TABLE resident (
    nik                 VARCHAR(16)  PRIMARY KEY,
    kk_number           VARCHAR(16)  NOT NULL,
    full_name           VARCHAR(200) NOT NULL,
    birth_place         VARCHAR(100) NOT NULL,
    birth_date          DATE         NOT NULL,
    sex                 VARCHAR(6)   NOT NULL,
    religion            VARCHAR(12)  NOT NULL,
    marital_status      VARCHAR(10)  NOT NULL,
    occupation          VARCHAR(100) NOT NULL,
    nationality         VARCHAR(3)   NOT NULL,
    street              VARCHAR(200) NOT NULL,
    rt                  VARCHAR(3)   NOT NULL,
    rw                  VARCHAR(3)   NOT NULL,
    village             VARCHAR(100) NOT NULL,
    district            VARCHAR(100) NOT NULL,
    regency             VARCHAR(100) NOT NULL,
    province            VARCHAR(100) NOT NULL,
    postal_code         VARCHAR(5)   NOT NULL,
    status              VARCHAR(8)   NOT NULL,
    data_quality_flags  TEXT         NOT NULL DEFAULT '',
    version             BIGINT       NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL
);

-- Region prefixes (2, 4, 6 digits) drive re-onlining and reconciliation.
CREATE INDEX resident_nik_prefix ON resident (nik varchar_pattern_ops);

-- Transactional outbox: written in the same transaction as the resident row. The id is the
-- registry-wide changeSeq carried by the event; payload holds the encoded event exactly as published.
CREATE TABLE outbox (
    id            BIGINT       PRIMARY KEY,
    event_id      UUID         NOT NULL UNIQUE,
    nik           VARCHAR(16)  NOT NULL,
    version       BIGINT       NOT NULL,
    change_type   VARCHAR(12)  NOT NULL,
    payload       BYTEA        NOT NULL,
    occurred_at   TIMESTAMPTZ  NOT NULL,
    published_at  TIMESTAMPTZ
);

CREATE SEQUENCE outbox_id_seq AS BIGINT START WITH 1 CACHE 1;

-- The relay reads only pending rows, oldest first.
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
