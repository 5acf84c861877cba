package id.niksync.bench;

import id.niksync.localstack.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

import org.HdrHistogram.Histogram;

/**
 * Looks into a service's database, the benchmark's stopwatch, as the superuser
 * ({@link PostgresServer#connect()}), which the services never are ({@code Ceilings} also
 * creates its measurement tables with it, {@code ReonlinePhase} removes residents from
 * the replica with it).
 */
final class Db {

	private final PostgresServer server;

	Db(PostgresServer server) {
		this.server = server;
	}

	long queryLong(String sql, Object... params) throws SQLException {
		try (Connection connection = this.server.connect();
				PreparedStatement statement = prepare(connection, sql, params);
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * Runs one statement that changes rows.
	 * @return how many rows it changed
	 */
	long update(String sql, Object... params) throws SQLException {
		try (Connection connection = this.server.connect();
				PreparedStatement statement = prepare(connection, sql, params)) {
			return statement.executeUpdate();
		}
	}

	/** Every row {@code sql} returns, its columns joined by tabs. */
	java.util.List<String> rows(String sql, Object... params) throws SQLException {
		java.util.List<String> rows = new java.util.ArrayList<>();
		try (Connection connection = this.server.connect();
				PreparedStatement statement = prepare(connection, sql, params);
				ResultSet rs = statement.executeQuery()) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				StringBuilder row = new StringBuilder();
				for (int c = 1; c <= columns; c++) {
					row.append((c > 1) ? "\t" : "").append(rs.getString(c));
				}
				rows.add(row.toString());
			}
		}
		return rows;
	}

	Instant queryInstant(String sql, Object... params) throws SQLException {
		return queryInstants(sql, params)[0];
	}

	/** The timestamps of the one row {@code sql} returns, a null one as null. */
	Instant[] queryInstants(String sql, Object... params) throws SQLException {
		try (Connection connection = this.server.connect();
				PreparedStatement statement = prepare(connection, sql, params);
				ResultSet rs = statement.executeQuery()) {
			rs.next();
			Instant[] values = new Instant[rs.getMetaData().getColumnCount()];
			for (int i = 0; i < values.length; i++) {
				Timestamp value = rs.getTimestamp(i + 1);
				values[i] = (value != null) ? value.toInstant() : null;
			}
			return values;
		}
	}

	/** Every value {@code sql} returns (microseconds, one column) in a histogram. */
	Histogram microsHistogram(String sql, Object... params) throws SQLException {
		Histogram micros = Figures.microsHistogram();
		try (Connection connection = this.server.connect();
				PreparedStatement statement = prepare(connection, sql, params);
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				micros.recordValue(Math.max(1, rs.getLong(1)));
			}
		}
		return micros;
	}

	/**
	 * Polls {@code sql} (a single number) until {@code done} holds for it.
	 * @return the last value read
	 */
	long awaitLong(String sql, LongPredicate done, Duration timeout, Stack stack, Object... params)
			throws SQLException, InterruptedException {
		return awaitLong(sql, done, timeout, stack, () -> true, params);
	}

	/**
	 * Polls {@code sql} (a single number) until {@code done} holds for it, running it
	 * only while {@code worthCounting} holds (checked every 250 ms, the first time at
	 * once): a count can load the server being measured.
	 * @return the last value read
	 */
	long awaitLong(String sql, LongPredicate done, Duration timeout, Stack stack, BooleanSupplier worthCounting,
			Object... params) throws SQLException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean counted = worthCounting.getAsBoolean();
		long value = counted ? queryLong(sql, params) : 0;
		while (!counted || !done.test(value)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting on [" + sql + "], "
						+ (counted ? "last value " + value : "never worth counting"));
			}
			stack.checkAlive();
			Thread.sleep(250);
			if (worthCounting.getAsBoolean()) {
				counted = true;
				value = queryLong(sql, params);
				// the count itself loads the server being measured: not too often
				Thread.sleep(750);
			}
		}
		return value;
	}

	static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		for (int i = 0; i < params.length; i++) {
			Object param = params[i];
			if (param instanceof String[] strings) {
				statement.setArray(i + 1, connection.createArrayOf("text", strings));
			}
			else {
				statement.setObject(i + 1, param);
			}
		}
		return statement;
	}

}
