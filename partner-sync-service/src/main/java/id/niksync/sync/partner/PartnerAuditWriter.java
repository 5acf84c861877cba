package id.niksync.sync.partner;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import id.niksync.access.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the audit rows of concurrent partner requests together (lookups, verifications,
 * refusals): each request hands its rows over and waits; one writer inserts whatever has
 * gathered in one transaction, and tells every waiter once that transaction committed
 * (group commit: one commit, one fsync, for many requests). A request goes on only after
 * its own rows are committed, so an answer never leaves without them, even if the process
 * dies the next moment. If they cannot be written, the request is answered
 * {@code 503 DATABASE_UNAVAILABLE} (or {@code DATABASE_BUSY}, its table locked) and
 * nothing else.
 *
 * <p>
 * Bounded: at most {@link #QUEUE} requests wait to be written; handing over waits at most
 * the pool's connection timeout for room, and a request waits for its commit at most that
 * plus the statement (socket) timeout, the database timeouts every other request has.
 */
@Component
class PartnerAuditWriter implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PartnerAuditWriter.class);

	/** The most requests waiting for their rows to be written. */
	static final int QUEUE = 4096;

	/** The most requests whose rows share one transaction. */
	static final int BATCH = 256;

	/**
	 * The most rows gathered into one statement; a request with more (a verification of
	 * many NIKs) is written alone.
	 */
	static final int ROWS = 5_000;

	private final JdbcClient jdbc;

	private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);

	private final Duration handOver;

	private final Duration commitWait;

	private final Thread writer;

	private volatile boolean running = true;

	PartnerAuditWriter(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		Duration connection = Duration.ofSeconds(30);
		Duration statement = Duration.ofSeconds(60);
		HikariDataSource hikari = hikari(dataSource);
		if (hikari != null) {
			connection = Duration.ofMillis(hikari.getConnectionTimeout());
			String socket = hikari.getDataSourceProperties().getProperty("socketTimeout");
			if (socket != null && Integer.parseInt(socket) > 0) {
				statement = Duration.ofSeconds(Integer.parseInt(socket));
			}
		}
		this.handOver = connection;
		this.commitWait = connection.plus(statement).plusSeconds(1);
		this.writer = new Thread(this::run, "partner-audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/** The pool behind the service's data source (RequestConnectionShare wraps it). */
	private static HikariDataSource hikari(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/**
	 * Returns once the rows are committed.
	 * @throws AuditUnavailableException when they were not (or not in time)
	 */
	void write(List<PartnerAuditRow> rows) {
		Pending pending = new Pending(rows, new CompletableFuture<>());
		try {
			if (!this.running || !this.queue.offer(pending, this.handOver.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AuditUnavailableException("no room to write it", null);
			}
			pending.committed.get(this.commitWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AuditUnavailableException("interrupted", ex);
		}
		catch (TimeoutException ex) {
			throw new AuditUnavailableException("not committed within " + this.commitWait, ex);
		}
		catch (ExecutionException ex) {
			throw new AuditUnavailableException(DatabaseUnavailable.describe(ex.getCause()), ex.getCause());
		}
	}

	/** Requests waiting for the writer to take their rows. */
	int waiting() {
		return this.queue.size();
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(BATCH);
		while (this.running) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				gather(first, batch);
				write(batch, true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (Throwable ex) {
				// The writer goes on whatever came, or every partner request after
				// it would wait for a thread that is gone; whoever write() did not
				// answer is told.
				log.error("Partner audit writer: a batch failed unexpectedly", ex);
				batch.forEach((pending) -> pending.committed.completeExceptionally(ex));
			}
			finally {
				batch.clear();
			}
		}
		failAll();
	}

	/**
	 * {@code first} and whoever waits behind it, up to {@link #BATCH} and {@link #ROWS}.
	 */
	private void gather(Pending first, List<Pending> batch) {
		batch.add(first);
		int rows = first.rows.size();
		while (batch.size() < BATCH) {
			Pending next = this.queue.peek();
			if (next == null || rows + next.rows.size() > ROWS) {
				return;
			}
			// the only taker but for failAll at shutdown
			Pending taken = this.queue.poll();
			if (taken == null) {
				return;
			}
			batch.add(taken);
			rows += taken.rows.size();
		}
	}

	private void write(List<Pending> batch, boolean retryAlone) {
		List<PartnerAuditRow> rows = new ArrayList<>(batch.size());
		batch.forEach((pending) -> rows.addAll(pending.rows));
		try {
			// one statement in autocommit: one transaction, committed when it returns
			insert(this.jdbc, rows);
		}
		catch (Throwable ex) {
			// an Error too: its waiters are told, not left to their timeout
			if (retryAlone && batch.size() > 1 && ex instanceof RuntimeException && !DatabaseUnavailable.causedBy(ex)) {
				// one request's rows refused (not the database away): the others still
				// count
				batch.forEach((pending) -> write(List.of(pending), false));
				return;
			}
			batch.forEach((pending) -> pending.committed.completeExceptionally(ex));
			if (DatabaseUnavailable.lockWaitTimedOut(ex)) {
				// The table is locked: those waiting now would each wait as long again,
				// one batch after another, so they are told at once.
				List<Pending> waiting = new ArrayList<>();
				this.queue.drainTo(waiting);
				waiting.forEach((pending) -> pending.committed.completeExceptionally(ex));
			}
			return;
		}
		batch.forEach((pending) -> pending.committed.complete(null));
	}

	private void failAll() {
		List<Pending> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach((pending) -> pending.committed
			.completeExceptionally(new IllegalStateException("partner audit writer stopped")));
	}

	/** The rows in one statement (in the caller's transaction, if it has one). */
	static void insert(JdbcClient jdbc, List<PartnerAuditRow> rows) {
		jdbc.sql(
				"""
						INSERT INTO partner_audit (institution_id, key_id, operation, purpose, nik, fields, outcome, http_status,
						    client_address)
						SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
						    ?::int[], ?::text[])""")
			.params(rows.stream().map(PartnerAuditRow::institutionId).toArray(Long[]::new),
					rows.stream().map(PartnerAuditRow::keyId).toArray(String[]::new),
					rows.stream().map((r) -> r.operation().name()).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::purpose).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::nik).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::fields).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::outcome).toArray(String[]::new),
					rows.stream().map(PartnerAuditRow::httpStatus).toArray(Integer[]::new),
					rows.stream().map(PartnerAuditRow::clientAddress).toArray(String[]::new))
			.update();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		this.writer.interrupt();
		// requests are over (graceful shutdown); a statement stuck on a hung database is
		// not waited for
		this.writer.join(Duration.ofSeconds(2).toMillis());
		failAll();
	}

	private record Pending(List<PartnerAuditRow> rows, CompletableFuture<Void> committed) {
	}

}
