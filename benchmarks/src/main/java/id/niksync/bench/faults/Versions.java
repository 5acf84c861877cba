package id.niksync.bench.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import id.niksync.localstack.PostgresServer;

/**
 * The (NIK, version) pairs of the registry's {@code resident} table and the replica's
 * {@code replica_resident}, read as the superuser, and how they compare.
 */
final class Versions {

	private Versions() {
	}

	/** Every NIK of {@code table} with its version. */
	static Map<String, Long> all(PostgresServer server, String table) throws SQLException {
		Map<String, Long> versions = new HashMap<>();
		try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
			statement.setFetchSize(10_000);
			connection.setAutoCommit(false);
			try (ResultSet rs = statement.executeQuery("SELECT nik, version FROM " + table)) {
				while (rs.next()) {
					versions.put(rs.getString(1), rs.getLong(2));
				}
			}
			connection.commit();
		}
		return versions;
	}

	/**
	 * How many of {@code expected}'s (NIK, version) the replica lacks: the NIK absent or
	 * at a lower version.
	 */
	static long missingOnReplica(PostgresServer replica, Map<String, Long> expected) throws SQLException {
		if (expected.isEmpty()) {
			return 0;
		}
		String[] niks = new String[expected.size()];
		Long[] versions = new Long[expected.size()];
		int i = 0;
		for (Map.Entry<String, Long> entry : expected.entrySet()) {
			niks[i] = entry.getKey();
			versions[i++] = entry.getValue();
		}
		try (Connection connection = replica.connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM unnest(?::text[], ?::bigint[]) AS expected(nik, version)"
							+ " LEFT JOIN replica_resident r ON r.nik = expected.nik"
							+ " WHERE r.version IS NULL OR r.version < expected.version")) {
			statement.setArray(1, connection.createArrayOf("text", niks));
			statement.setArray(2, connection.createArrayOf("bigint", versions));
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	/** The registry's and the replica's tables side by side, and the acknowledged. */
	record Comparison(long registryRows, long replicaRows, long absentOnReplica, long olderOnReplica,
			long newerOnReplica, long onlyOnReplica, long acknowledgedNotOnReplica, long acknowledgedNotInRegistry) {

		/** The replica is the registry, NIK for NIK and version for version. */
		boolean equal() {
			return this.absentOnReplica == 0 && this.olderOnReplica == 0 && this.newerOnReplica == 0
					&& this.onlyOnReplica == 0;
		}

		/** Acknowledged (NIK, version) missing on either side. */
		long lost() {
			return this.acknowledgedNotOnReplica + this.acknowledgedNotInRegistry;
		}

	}

	static Comparison compare(Map<String, Long> registry, Map<String, Long> replica, Map<String, Long> acknowledged) {
		long absent = 0;
		long older = 0;
		long newer = 0;
		for (Map.Entry<String, Long> row : registry.entrySet()) {
			Long onReplica = replica.get(row.getKey());
			if (onReplica == null) {
				absent++;
			}
			else if (onReplica < row.getValue()) {
				older++;
			}
			else if (onReplica > row.getValue()) {
				newer++;
			}
		}
		long onlyOnReplica = replica.keySet().stream().filter((nik) -> !registry.containsKey(nik)).count();
		long notOnReplica = 0;
		long notInRegistry = 0;
		for (Map.Entry<String, Long> change : acknowledged.entrySet()) {
			if (replica.getOrDefault(change.getKey(), 0L) < change.getValue()) {
				notOnReplica++;
			}
			if (registry.getOrDefault(change.getKey(), 0L) < change.getValue()) {
				notInRegistry++;
			}
		}
		return new Comparison(registry.size(), replica.size(), absent, older, newer, onlyOnReplica, notOnReplica,
				notInRegistry);
	}

}
