-- Rebuilds of the replica from the compacted nik-changes topic (README, "Rebuilding the replica").
-- One row per rebuild; offsets are per partition, element i+1 for partition i. A rebuild reads
-- each partition from start_offsets to end_offsets (the topic's ends when it began) with a consumer
-- of its own, outside the ingest group, and applies through the same version check as ingestion.
-- The instance holding the lease runs it; another instance takes over when the lease lapses.
CREATE TABLE replica_rebuild (
    id               BIGSERIAL    PRIMARY KEY,
    status           VARCHAR(10)  NOT NULL,
    trigger          VARCHAR(20)  NOT NULL,
    requested_by     VARCHAR(100) NOT NULL,
    reason           TEXT         NOT NULL,
    started_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ,
    start_offsets    BIGINT[]     NOT NULL,
    end_offsets      BIGINT[]     NOT NULL,
    positions        BIGINT[]     NOT NULL,
    records_read     BIGINT       NOT NULL DEFAULT 0,
    records_applied  BIGINT       NOT NULL DEFAULT 0,
    records_skipped  BIGINT       NOT NULL DEFAULT 0,
    lease_owner      VARCHAR(200),
    lease_until      TIMESTAMPTZ,
    failure          TEXT,
    CONSTRAINT replica_rebuild_status CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    CONSTRAINT replica_rebuild_trigger CHECK (trigger IN ('EMPTY_REPLICA', 'REPLICA_INCOMPLETE', 'OPERATOR'))
);

-- At most one rebuild runs at a time, whatever the number of instances.
CREATE UNIQUE INDEX replica_rebuild_one_running ON replica_rebuild ((true)) WHERE status = 'RUNNING';
CREATE INDEX replica_rebuild_started ON replica_rebuild (started_at DESC);
