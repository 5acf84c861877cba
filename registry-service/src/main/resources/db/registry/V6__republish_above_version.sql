-- A listed NIK that a replica holds at a version the registry never had (reconciliation's AHEAD):
-- the job republishes it at a version above this one, so the replica takes the registry's facts.
ALTER TABLE republish_job_nik ADD COLUMN above_version BIGINT CHECK (above_version > 0);
