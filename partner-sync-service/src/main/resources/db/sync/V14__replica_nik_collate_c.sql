-- NIKs are 16 ASCII digits: byte order is their order. With the "C" collation the primary key
-- compares bytes instead of calling the locale's strcoll, and it serves region prefix scans
-- (the digests' nik LIKE '3511%', bounded by >= / <=) by itself, so the second index every applied
-- event paid for (varchar_pattern_ops) goes: the registry's resident table did the same (its V7).
-- Equality is unchanged (digits compare equal in every collation), and a join with another
-- table's nik (default collation) compares in "C", which still uses this key.
DROP INDEX replica_resident_nik_prefix;
ALTER TABLE replica_resident ALTER COLUMN nik TYPE VARCHAR(16) COLLATE "C";
