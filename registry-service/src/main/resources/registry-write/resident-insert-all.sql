-- Batch registration: one text array per column, unnested into rows and cast back to the
-- column types. Rows go in in NIK order, so concurrent batches that share NIKs wait for one another instead
-- of deadlocking. Returns the NIKs inserted (one already registered is skipped, not overwritten).
INSERT INTO resident (
    nik, kk_number, full_name, birth_place, birth_date, sex, religion, marital_status, occupation,
    nationality, street, rt, rw, village, district, regency, province, postal_code, status,
    data_quality_flags, version, created_at, updated_at)
SELECT nik, kk_number, full_name, birth_place, birth_date::date, sex, religion, marital_status,
    occupation, nationality, street, rt, rw, village, district, regency, province, postal_code, status,
    data_quality_flags, version::bigint, created_at::timestamptz, updated_at::timestamptz
FROM unnest(
    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
    AS t(nik, kk_number, full_name, birth_place, birth_date, sex, religion, marital_status, occupation,
    nationality, street, rt, rw, village, district, regency, province, postal_code, status,
    data_quality_flags, version, created_at, updated_at)
ORDER BY nik
ON CONFLICT (nik) DO NOTHING RETURNING nik
