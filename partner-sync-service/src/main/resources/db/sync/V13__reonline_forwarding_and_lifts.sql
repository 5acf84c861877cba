-- Partner re-online requests (issue 15, follow-up; README, "For partners: get a NIK online again").
-- Forwarding to the registry is retried with backoff while the registry cannot be asked: how often it
-- failed, and the last failure (no NIK, no family-card number), for operators.
ALTER TABLE reonline_request ADD COLUMN forward_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reonline_request ADD COLUMN forward_error VARCHAR(300);
-- An operator lifted the NIK's refusal: this rejection no longer counts towards it (the request
-- itself stays REJECTED). The lift is audited in operator_audit with the operator and reason.
ALTER TABLE reonline_request ADD COLUMN rejection_lifted_at TIMESTAMPTZ;
