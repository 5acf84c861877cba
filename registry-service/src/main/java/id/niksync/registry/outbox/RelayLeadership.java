package id.niksync.registry.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which registry instance publishes: the one holding a session-level PostgreSQL advisory
 * lock, on a connection it keeps for as long as it leads. Leadership is sticky (an
 * instance leads until it stops, dies or loses its connection, when PostgreSQL releases
 * the lock and another instance takes it at its next poll; a host gone silent, within
 * seconds: {@link #SESSION_KEEPALIVES}), and every new term is numbered, so the relay
 * knows when to take over again ({@link OutboxRelay}): fence the previous leader's
 * producer and read what it left on the topic.
 */
class RelayLeadership implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);

	/** Any constant shared by all instances of the registry. */
	static final long LOCK = 0x4E494B5359_4E43L;

	private static final int VALIDATION_SECONDS = 2;

	/**
	 * The lock's session, as the server keeps it: a leader whose host dies or goes off
	 * the network without closing its socket is dropped after about 11 s of silence (5 s,
	 * then 3 probes 2 s apart; 10 s for data sent and never acknowledged), which frees
	 * the lock. With the system's defaults that took over two hours, and nobody relayed
	 * meanwhile. Ignored on a Unix socket, where a dead peer is seen at once.
	 */
	static final String SESSION_KEEPALIVES = "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2;"
			+ " SET tcp_keepalives_count = 3; SET tcp_user_timeout = 10000";

	private final DataSource dataSource;

	private Connection connection;

	private long term;

	RelayLeadership(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Whether this instance leads now, taking the lead when nobody holds it. Checks the
	 * kept connection first: a lock on a dead connection is no longer held.
	 * @return the term this instance leads in (a new number after every gap), or 0 when
	 * another instance leads
	 */
	synchronized long lead() throws SQLException {
		if (this.connection != null) {
			if (this.connection.isValid(VALIDATION_SECONDS)) {
				return this.term;
			}
			log.warn("Outbox relay lost its leadership connection; trying to lead again");
			closeQuietly();
		}
		Connection candidate = this.dataSource.getConnection();
		boolean leads;
		try {
			candidate.setAutoCommit(true);
			try (PreparedStatement lock = candidate.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
				lock.setLong(1, LOCK);
				try (ResultSet result = lock.executeQuery()) {
					leads = result.next() && result.getBoolean(1);
				}
			}
			if (leads) {
				// on the kept session only: a pooled one would carry them to requests
				try (Statement keepalives = candidate.createStatement()) {
					keepalives.execute(SESSION_KEEPALIVES);
				}
			}
		}
		catch (SQLException | RuntimeException | Error ex) {
			// Whether the server granted the lock is unknown (it may have, and the
			// answer or a close failed after): the session is ended, which releases
			// it if so. Kept nowhere and not closed, the connection held the lock out
			// of the pool's reach; returned to the pool, a session holding it would
			// keep every instance, this one included, from leading.
			evict(candidate);
			throw ex;
		}
		if (!leads) {
			candidate.close();
			return 0;
		}
		this.connection = candidate;
		this.term++;
		log.info("Outbox relay leads (term {} of this instance)", this.term);
		return this.term;
	}

	/** Gives the lead up (a graceful stop): another instance takes it at once. */
	@Override
	public synchronized void close() {
		if (this.connection == null) {
			return;
		}
		try (PreparedStatement unlock = this.connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
			unlock.setLong(1, LOCK);
			unlock.execute();
		}
		catch (SQLException ex) {
			// Closing the connection below releases it as well.
			log.debug("Could not release the relay lock explicitly: {}", ex.toString());
		}
		closeQuietly();
		log.info("Outbox relay gave up its leadership");
	}

	/**
	 * Closes the physical connection rather than returning it to the pool: a pooled
	 * session that still held the lock would keep every instance, this one included, from
	 * leading.
	 */
	private void closeQuietly() {
		evict(this.connection);
		this.connection = null;
	}

	private void evict(Connection connection) {
		try {
			if (this.dataSource.isWrapperFor(HikariDataSource.class)) {
				this.dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
			}
			else {
				connection.close();
			}
		}
		catch (SQLException | RuntimeException ex) {
			log.debug("Closing the relay's leadership connection failed: {}", ex.toString());
		}
	}

}
