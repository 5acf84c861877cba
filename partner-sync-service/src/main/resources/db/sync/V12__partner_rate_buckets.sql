-- Partner rate limits that hold across partner-sync instances (README, "Rate limits across instances").
-- One token bucket per institution: at most its requests per second of tokens, refilled at that rate
-- by the database's clock (clock_timestamp()), so the instances' clocks do not matter. Instances lease
-- permits from it in small blocks, one statement per lease, and spend them in memory; a row is
-- created by the institution's first lease.
CREATE TABLE partner_rate_bucket (
    institution_id  BIGINT           PRIMARY KEY REFERENCES institution (id) ON DELETE CASCADE,
    tokens          DOUBLE PRECISION NOT NULL,
    refilled_at     TIMESTAMPTZ      NOT NULL
);
