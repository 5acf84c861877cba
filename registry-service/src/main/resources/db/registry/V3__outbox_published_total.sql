-- How many outbox rows the relay has published, kept by the relay in the transaction that marks
-- them, so /ops/outbox (polled every few seconds by partner-sync) no longer counts a table that
-- only grows: at 1.2 million rows that count cost the registry's PostgreSQL ~15 % of a core.
CREATE TABLE outbox_relay_stats (
    singleton        BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    published_total  BIGINT  NOT NULL
);

INSERT INTO outbox_relay_stats (published_total)
SELECT count(*) FROM outbox WHERE published_at IS NOT NULL;
