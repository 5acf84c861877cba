-- The replica partners query: the registry's record per NIK as of the newest event applied, plus
-- the bookkeeping that proves it (version, changeSeq, when the registry changed it, when it arrived).
CREATE TABLE replica_resident (
    nik                  VARCHAR(16)  PRIMARY KEY,
    kk_number            VARCHAR(16)  NOT NULL,
    full_name            VARCHAR(200) NOT NULL,
    birth_place          VARCHAR(100) NOT NULL,
    birth_date           DATE         NOT NULL,
    sex                  VARCHAR(6)   NOT NULL,
    religion             VARCHAR(12)  NOT NULL,
    marital_status       VARCHAR(10)  NOT NULL,
    occupation           VARCHAR(100) NOT NULL,
    nationality          VARCHAR(3)   NOT NULL,
    street               VARCHAR(200) NOT NULL,
    rt                   VARCHAR(3)   NOT NULL,
    rw                   VARCHAR(3)   NOT NULL,
    village              VARCHAR(100) NOT NULL,
    district             VARCHAR(100) NOT NULL,
    regency              VARCHAR(100) NOT NULL,
    province             VARCHAR(100) NOT NULL,
    postal_code          VARCHAR(5)   NOT NULL,
    status               VARCHAR(8)   NOT NULL,
    data_quality_flags   TEXT         NOT NULL DEFAULT '',
    version              BIGINT       NOT NULL CHECK (version >= 1),
    change_seq           BIGINT       NOT NULL,
    event_id             UUID         NOT NULL,
    change_type          VARCHAR(12)  NOT NULL,
    registry_changed_at  TIMESTAMPTZ  NOT NULL,
    replicated_at        TIMESTAMPTZ  NOT NULL
);

CREATE INDEX replica_resident_nik_prefix ON replica_resident (nik varchar_pattern_ops);
