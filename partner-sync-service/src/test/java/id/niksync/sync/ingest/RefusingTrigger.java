package id.niksync.sync.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A trigger on the replica that fails every write of one NIK in a way nobody anticipated
 * (SQL state P0001: neither the environment's failure nor a constraint's), so that its
 * record fails for its own sake. Dropped on close; one at a time per database.
 */
final class RefusingTrigger implements AutoCloseable {

	private final Connection owner;

	private RefusingTrigger(Connection owner) {
		this.owner = owner;
	}

	/**
	 * @param owner a connection allowed to create triggers on {@code replica_resident},
	 * in auto-commit
	 */
	static RefusingTrigger refusing(Connection owner, String nik) throws SQLException {
		if (!nik.matches("\\d{16}")) {
			throw new IllegalArgumentException("not a NIK: " + nik);
		}
		try (Statement statement = owner.createStatement()) {
			statement.execute("CREATE FUNCTION refuse_in_test() RETURNS trigger LANGUAGE plpgsql"
					+ " AS $$ BEGIN RAISE EXCEPTION 'refused in a test'; END $$");
			statement.execute("CREATE TRIGGER refuse_in_test BEFORE INSERT OR UPDATE ON replica_resident"
					+ " FOR EACH ROW WHEN (NEW.nik = '" + nik + "') EXECUTE FUNCTION refuse_in_test()");
		}
		return new RefusingTrigger(owner);
	}

	@Override
	public void close() throws SQLException {
		try (Statement statement = this.owner.createStatement()) {
			statement.execute("DROP TRIGGER refuse_in_test ON replica_resident");
			statement.execute("DROP FUNCTION refuse_in_test()");
		}
	}

}
