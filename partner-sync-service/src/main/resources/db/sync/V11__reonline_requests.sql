-- Partner re-online requests (README, "For partners: get a NIK online again").
-- What an institution may do beyond lookups and verifications, comma-separated (REONLINE), and
-- where it wants to hear that a request ended. The callback secret signs each callback (HMAC-SHA256),
-- so it is kept as it is: it is shown to the institution once, when set, and never answered again.
ALTER TABLE institution ADD COLUMN permissions VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN callback_url VARCHAR(2000);
ALTER TABLE institution ADD COLUMN callback_secret VARCHAR(100);

-- One row per accepted request. The family-card number is never stored: it goes to the registry
-- while the partner's request is answered. target_version is the version the registry's RESYNC
-- published; the request is ONLINE once the replica holds it (or a newer one).
CREATE TABLE reonline_request (
    id                  UUID         PRIMARY KEY,
    institution_id      BIGINT       NOT NULL REFERENCES institution (id),
    key_id              VARCHAR(12)  NOT NULL,
    nik                 VARCHAR(16)  NOT NULL,
    purpose             VARCHAR(200) NOT NULL,
    status              VARCHAR(10)  NOT NULL DEFAULT 'PENDING',
    requested_at        TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    finished_at         TIMESTAMPTZ,
    change_seq          BIGINT,
    target_version      BIGINT,
    online_version      BIGINT,
    code                VARCHAR(40),
    reason              VARCHAR(500),
    dead_letter_id      BIGINT,
    callback_status     VARCHAR(10)  NOT NULL DEFAULT 'NONE',
    callback_attempts   INTEGER      NOT NULL DEFAULT 0,
    callback_next_at    TIMESTAMPTZ,
    callback_error      VARCHAR(300),
    CONSTRAINT reonline_request_status CHECK (status IN ('PENDING', 'ONLINE', 'REJECTED', 'FAILED')),
    CONSTRAINT reonline_request_callback CHECK (callback_status IN ('NONE', 'PENDING', 'DELIVERED', 'FAILED')),
    CONSTRAINT reonline_request_finished CHECK ((status = 'PENDING') = (finished_at IS NULL))
);

-- The watcher looks at pending requests several times a second: a partial index keeps that a
-- look at an empty index when nothing is pending.
CREATE INDEX reonline_request_pending ON reonline_request (requested_at) WHERE status = 'PENDING';
CREATE INDEX reonline_request_callback_due ON reonline_request (callback_next_at) WHERE callback_status = 'PENDING';
-- The per-institution limit counts recent requests; the refusal counts recent rejections per NIK.
CREATE INDEX reonline_request_institution ON reonline_request (institution_id, requested_at);
CREATE INDEX reonline_request_rejected ON reonline_request (nik, finished_at) WHERE status = 'REJECTED';
CREATE INDEX reonline_request_nik ON reonline_request (nik, requested_at);
CREATE INDEX reonline_request_listing ON reonline_request (requested_at);
