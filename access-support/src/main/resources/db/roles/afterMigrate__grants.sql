-- What the application's role may do, (re)granted after every migrate by the schema owner. A Flyway
-- callback, not a migration: it runs on every start, so a table a later migration adds is covered
-- without anyone having to touch this file (a repeatable migration would run only when it changes).
-- The application's role is spring.datasource.username (placeholder app-role). It may read and
-- write ordinary tables but only read and append to audit tables (every table whose name ends in
-- _audit): no UPDATE, DELETE or TRUNCATE. It owns nothing, so it can neither drop a table or a
-- trigger nor grant itself more. Both services run this one file (README, "Database roles").
DO $grants$
DECLARE
    app   CONSTANT name := '${app-role}';
    tbl   record;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'The application role % (spring.datasource.username) does not exist: create it first (README, "Database roles")', app;
    END IF;
    IF app = current_user OR pg_has_role(app, current_user, 'MEMBER') THEN
        RAISE EXCEPTION 'The application must not connect as the schema owner %: set spring.datasource.username to a role of its own (README, "Database roles")', current_user;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = app AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)) THEN
        RAISE EXCEPTION 'The application role % may not be a superuser or create roles or databases (README, "Database roles")', app;
    END IF;

    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', '${flyway:defaultSchema}', app);
    FOR tbl IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '${flyway:defaultSchema}' AND c.relkind IN ('r', 'p') AND c.relname <> '${flyway:table}'
    LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM %I', '${flyway:defaultSchema}', tbl.relname, app);
        IF tbl.relname LIKE '%\_audit' THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE %I.%I TO %I', '${flyway:defaultSchema}', tbl.relname, app);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I.%I TO %I', '${flyway:defaultSchema}', tbl.relname, app);
        END IF;
    END LOOP;
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', '${flyway:defaultSchema}', app);
END
$grants$;
