-- The replica write: one statement per batch, the version guard inside it (G2). Also run raw by
-- the benchmark's PostgreSQL ceiling, read from the service's jar, so both measure the same statement.
INSERT INTO replica_resident AS r (nik, kk_number, full_name, birth_place, birth_date, sex, religion,
    marital_status, occupation, nationality, street, rt, rw, village, district, regency, province,
    postal_code, status, data_quality_flags, version, change_seq, event_id, change_type,
    registry_changed_at, replicated_at)
SELECT u.*, clock_timestamp()
FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[],
    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
    ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[]) AS u
ON CONFLICT (nik) DO UPDATE SET kk_number = EXCLUDED.kk_number, full_name = EXCLUDED.full_name,
    birth_place = EXCLUDED.birth_place, birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex,
    religion = EXCLUDED.religion, marital_status = EXCLUDED.marital_status,
    occupation = EXCLUDED.occupation, nationality = EXCLUDED.nationality, street = EXCLUDED.street,
    rt = EXCLUDED.rt, rw = EXCLUDED.rw, village = EXCLUDED.village, district = EXCLUDED.district,
    regency = EXCLUDED.regency, province = EXCLUDED.province, postal_code = EXCLUDED.postal_code,
    status = EXCLUDED.status, data_quality_flags = EXCLUDED.data_quality_flags,
    version = EXCLUDED.version, change_seq = EXCLUDED.change_seq, event_id = EXCLUDED.event_id,
    change_type = EXCLUDED.change_type, registry_changed_at = EXCLUDED.registry_changed_at,
    replicated_at = EXCLUDED.replicated_at
WHERE r.version < EXCLUDED.version
RETURNING r.nik
