package id.niksync.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the services' {@code DatabaseRolesIntegrationTests} check on a connection of the
 * service's own role: audit tables take SELECT and INSERT and nothing else, and what it
 * may not do fails for lack of rights (SQL state 42501), not for some other reason.
 */
public final class RoleChecks {

	public static final String INSUFFICIENT_PRIVILEGE = "42501";

	private RoleChecks() {
	}

	/**
	 * SELECT and INSERT work; UPDATE, DELETE and TRUNCATE are refused for lack of rights.
	 */
	public static void assertAppendOnly(Connection service, String table) throws SQLException {
		execute(service, "SELECT count(*) FROM " + table);
		// Checks the INSERT right without knowing the table's columns: rights are checked
		// before any row is read.
		execute(service, "INSERT INTO " + table + " OVERRIDING SYSTEM VALUE SELECT * FROM " + table + " WHERE false");
		String column = query(service, """
				SELECT column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = '%s'
				  AND is_identity = 'NO' AND is_generated = 'NEVER'
				ORDER BY ordinal_position LIMIT 1""".formatted(table)).get(0);
		assertRefused(service, "UPDATE " + table + " SET " + column + " = " + column);
		assertRefused(service, "DELETE FROM " + table);
		assertRefused(service, "TRUNCATE " + table);
	}

	public static List<String> auditTables(Connection connection) throws SQLException {
		return query(connection,
				"""
						SELECT relname FROM pg_class
						WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') AND relname LIKE '%\\_audit'
						ORDER BY relname""");
	}

	public static void assertRefused(Connection connection, String sql) {
		assertThatExceptionOfType(SQLException.class).as(sql)
			.isThrownBy(() -> execute(connection, sql))
			.satisfies((ex) -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
	}

	public static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	public static List<String> query(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

}
