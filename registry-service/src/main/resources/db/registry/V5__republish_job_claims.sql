-- Which registry instance works on a running job, and until when that claim holds. A worker renews
-- lease_until with every batch it commits; a RUNNING job whose lease ran out (its instance died, or
-- lost the database and gave the job up) is taken over by whichever instance looks first, so no job
-- stays RUNNING with nobody working on it. NULL: nobody has claimed it yet (or it was let go at a
-- clean shutdown), any instance may.
ALTER TABLE republish_job
    ADD COLUMN worker       VARCHAR(100),
    ADD COLUMN lease_until  TIMESTAMPTZ;

-- What every instance looks up every few seconds: running jobs nobody holds.
DROP INDEX republish_job_running;
CREATE INDEX republish_job_running ON republish_job (started_at) INCLUDE (worker, lease_until)
    WHERE state = 'RUNNING';
