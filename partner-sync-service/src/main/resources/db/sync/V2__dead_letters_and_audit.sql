-- Every record that reached nik-changes-dlt, once (unique on where it came from), so operators can
-- find, replay or discard it. payload holds the original bytes exactly as they were on the topic.
CREATE TABLE dead_letter (
    id                  BIGSERIAL    PRIMARY KEY,
    reason_code         VARCHAR(40)  NOT NULL,
    exception_class     VARCHAR(300),
    exception_message   TEXT,
    original_topic      VARCHAR(249) NOT NULL,
    original_partition  INTEGER      NOT NULL,
    original_offset     BIGINT       NOT NULL,
    original_timestamp  TIMESTAMPTZ,
    dlt_partition       INTEGER      NOT NULL,
    dlt_offset          BIGINT       NOT NULL,
    record_key          VARCHAR(200),
    payload             BYTEA,
    nik                 VARCHAR(16),
    event_version       BIGINT,
    replay_of           BIGINT       REFERENCES dead_letter (id),
    status              VARCHAR(10)  NOT NULL DEFAULT 'PENDING',
    attempts            INTEGER      NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_replayed_at    TIMESTAMPTZ,
    discard_reason      TEXT,
    CONSTRAINT dead_letter_origin UNIQUE (original_topic, original_partition, original_offset),
    CONSTRAINT dead_letter_status CHECK (status IN ('PENDING', 'REPLAYED', 'DISCARDED'))
);

CREATE INDEX dead_letter_status_created ON dead_letter (status, created_at);
CREATE INDEX dead_letter_nik ON dead_letter (nik);

-- Append-only record of every operator action: who, when, what, on what, why.
CREATE TABLE operator_audit (
    id        BIGSERIAL    PRIMARY KEY,
    at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    operator  VARCHAR(100) NOT NULL,
    action    VARCHAR(40)  NOT NULL,
    target    VARCHAR(200) NOT NULL,
    reason    TEXT,
    details   TEXT
);

CREATE INDEX operator_audit_at ON operator_audit (at);
