package id.niksync.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import id.niksync.testsupport.DatabaseRoles.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles and the database are created once and set up again unchanged on every later
 * start, and a database the superuser filled before the roles existed (a local stack of
 * an older version) passes to the owner.
 */
class DatabaseRolesIntegrationTests {

	private static final Role OWNER = new Role("roles_test_owner", "owner-password");

	private static final Role APP = new Role("roles_test_app", "app-password");

	@Test
	void givesTheOwnerWhatTheSuperuserCreatedBeforeAndCanBeRepeated() throws Exception {
		try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
			.builder()
			.start(); Connection superuser = server.getPostgresDatabase().getConnection()) {
			execute(superuser, "CREATE DATABASE older");
			String url = "jdbc:postgresql://localhost:" + server.getPort() + "/older";
			try (Connection older = EmbeddedPostgres.superuserConnection(url)) {
				execute(older, """
						CREATE TABLE thing (id BIGSERIAL PRIMARY KEY, n BIGINT GENERATED ALWAYS AS IDENTITY);
						CREATE SEQUENCE thing_seq;
						CREATE VIEW things AS SELECT * FROM thing;
						CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
						""");
			}
			for (int start = 1; start <= 2; start++) {
				DatabaseRoles.create(superuser, OWNER, APP);
				DatabaseRoles.createDatabase(superuser, "older", OWNER.name());
				try (Connection older = EmbeddedPostgres.superuserConnection(url)) {
					DatabaseRoles.adopt(older, OWNER.name());
					assertThat(query(older, """
							SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class
							WHERE relnamespace = 'public'::regnamespace""")).containsExactly(OWNER.name());
					assertThat(query(older, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'refuse'"))
						.containsExactly(OWNER.name());
					assertThat(query(older, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'older'"))
						.containsExactly(OWNER.name());
				}
			}
			assertThat(query(superuser, """
					SELECT rolname FROM pg_roles WHERE rolname LIKE 'roles_test_%' AND rolcanlogin
					AND NOT (rolsuper OR rolcreaterole OR rolcreatedb) ORDER BY rolname""")).containsExactly(APP.name(),
					OWNER.name());
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> query(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

}
