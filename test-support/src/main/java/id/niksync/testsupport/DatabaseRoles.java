package id.niksync.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A service's database as production sets it up (README, "Database roles"), for the tests
 * and the local stack: an owner role that owns the database and everything in it (Flyway
 * migrates as the owner) and the application's role, which owns nothing and gets its
 * rights from the services' grants callback ({@code afterMigrate__grants.sql}). Every
 * step may be repeated: a restarted local stack runs them again on its data.
 */
public final class DatabaseRoles {

	private DatabaseRoles() {
	}

	/** A login role and its password. */
	public record Role(String name, String password) {

	}

	/**
	 * Creates the roles that do not exist yet and (re)sets their passwords; none may be a
	 * superuser or create roles or databases.
	 */
	public static void create(Connection superuser, Role... roles) throws SQLException {
		for (Role role : roles) {
			try (PreparedStatement exists = superuser.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
				exists.setString(1, role.name());
				boolean present;
				try (ResultSet result = exists.executeQuery()) {
					present = result.next();
				}
				execute(superuser,
						(present ? "ALTER" : "CREATE") + " ROLE " + identifier(role.name())
								+ " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
								+ literal(role.password()));
			}
		}
	}

	/**
	 * Creates {@code database} owned by {@code owner}, or gives an existing one to
	 * {@code owner}; see {@link #adopt} for what is in it already.
	 */
	public static void createDatabase(Connection superuser, String database, String owner) throws SQLException {
		boolean present;
		try (PreparedStatement exists = superuser.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, database);
			try (ResultSet result = exists.executeQuery()) {
				present = result.next();
			}
		}
		execute(superuser, present ? "ALTER DATABASE " + identifier(database) + " OWNER TO " + identifier(owner)
				: "CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner));
	}

	/**
	 * Gives {@code owner} the tables, sequences and functions of schema {@code public}
	 * that another role owns: a database migrated before the roles existed (a local stack
	 * from an older version, where the superuser owned everything). Sequences that belong
	 * to a column move with their table.
	 */
	public static void adopt(Connection superuserOnDatabase, String owner) throws SQLException {
		execute(superuserOnDatabase, """
				DO $adopt$
				DECLARE
				    owner CONSTANT name := %s;
				    object record;
				BEGIN
				    FOR object IN
				        SELECT c.oid::regclass AS name FROM pg_class c
				        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'S')
				          AND c.relowner <> owner::regrole
				          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
				                          AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
				    LOOP
				        EXECUTE format('ALTER TABLE %%s OWNER TO %%I', object.name, owner);
				    END LOOP;
				    FOR object IN
				        SELECT p.oid::regprocedure AS name FROM pg_proc p
				        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> owner::regrole
				    LOOP
				        EXECUTE format('ALTER ROUTINE %%s OWNER TO %%I', object.name, owner);
				    END LOOP;
				END
				$adopt$""".formatted(literal(owner)));
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String identifier(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	private static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
