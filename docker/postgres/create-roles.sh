#!/bin/sh
# The database's roles, as README "Database roles" asks a DBA to create them: run by the postgres
# image once, on the first start of an empty volume (/docker-entrypoint-initdb.d), as the superuser.
# DB_OWNER owns the database and what Flyway creates in it; DB_APP is the service's role, which owns
# nothing and gets its rights from the service's grants callback (afterMigrate__grants.sql).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v owner="$DB_OWNER" -v owner_password="$DB_OWNER_PASSWORD" \
  -v app="$DB_APP" -v app_password="$DB_APP_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
