package id.niksync.access;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The pool as HTTP requests, background work and probes see it. Requests together hold at
 * most {@code requestShare} of its connections; requests and background work (Kafka
 * ingestion, audit writers, the outbox relay, scheduled jobs: any thread that is neither
 * a request's nor a probe's) together at most {@code sharedShare}; the rest is only for
 * probes (the database health check, the replica breaker's probe, the lag sampler's
 * reads), so that whatever holds the others (requests and jobs stuck behind locked
 * tables, each for up to its {@code lock_timeout}) never makes a database that answers
 * look DOWN or unreachable. Before the shares, 30 requests behind one locked table took
 * every connection: the probes found none, took that for an outage, and ingestion and
 * health stopped with them. A thread that finds its share taken waits as long as for a
 * connection of the pool, then fails with {@link ShareTakenException}, which
 * {@link DatabaseUnavailable} answers {@code 503 DATABASE_BUSY}. Threads are counted as
 * serving a request by {@link Filter}, which sees every request; work a request hands to
 * a thread of its own is counted when handed over through {@link #carried}
 * ({@link BoundedWait} does); probes run through {@link #probe}.
 */
public final class RequestConnectionShare extends DelegatingDataSource {

	private enum Kind {

		REQUEST, PROBE

	}

	private static final ThreadLocal<Kind> SERVING = new ThreadLocal<>();

	private final int requestShare;

	private final int sharedShare;

	private final Duration wait;

	private final Semaphore requests;

	private final Semaphore shared;

	/**
	 * @param pool the pool
	 * @param requestShare the most connections requests hold at once
	 * @param sharedShare the most connections requests and background work hold at once
	 * (the rest is for probes)
	 * @param wait how long a thread waits for its share
	 */
	public RequestConnectionShare(DataSource pool, int requestShare, int sharedShare, Duration wait) {
		super(pool);
		if (requestShare < 1 || sharedShare <= requestShare) {
			throw new IllegalArgumentException("Requests must be allowed at least one connection (not " + requestShare
					+ ") and background work more than requests (not " + sharedShare + ")");
		}
		this.requestShare = requestShare;
		this.sharedShare = sharedShare;
		this.wait = wait;
		this.requests = new Semaphore(requestShare, true);
		this.shared = new Semaphore(sharedShare, true);
	}

	/**
	 * {@code work} as it would run here: counted in the requests' share on whatever
	 * thread runs it if the thread calling this serves a request now, as background work
	 * otherwise.
	 */
	public static <T> Supplier<T> carried(Supplier<T> work) {
		if (SERVING.get() != Kind.REQUEST) {
			return work;
		}
		return as(Kind.REQUEST, work);
	}

	/**
	 * {@code work}, a probe of the database: its connections come from the probes' part
	 * of the pool as well.
	 */
	public static <T> T probe(Supplier<T> work) {
		return as(Kind.PROBE, work).get();
	}

	private static <T> Supplier<T> as(Kind kind, Supplier<T> work) {
		return () -> {
			Kind before = SERVING.get();
			SERVING.set(kind);
			try {
				return work.get();
			}
			finally {
				if (before != null) {
					SERVING.set(before);
				}
				else {
					SERVING.remove();
				}
			}
		};
	}

	/** How many of them requests hold now. */
	public int held() {
		return this.requestShare - this.requests.availablePermits();
	}

	/** How many connections requests and background work hold now. */
	public int heldShared() {
		return this.sharedShare - this.shared.availablePermits();
	}

	@Override
	public Connection getConnection() throws SQLException {
		return counted(super::getConnection);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return counted(() -> super.getConnection(username, password));
	}

	/**
	 * The pool itself for {@code DataSource}: Spring Boot derives Flyway's data source
	 * (the schema owner's) from what this unwraps to, and could not from this wrapper.
	 */
	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return (type == DataSource.class) ? type.cast(obtainTargetDataSource()) : super.unwrap(type);
	}

	private Connection counted(ConnectionSource source) throws SQLException {
		Kind kind = SERVING.get();
		if (kind == Kind.PROBE) {
			return source.get();
		}
		List<Semaphore> taken = new ArrayList<>(2);
		try {
			if (kind == Kind.REQUEST) {
				take(this.requests, "Requests", this.requestShare);
				taken.add(this.requests);
			}
			take(this.shared, "Requests and background work", this.sharedShare);
			taken.add(this.shared);
			return givenBackOnClose(source.get(), taken);
		}
		catch (SQLException | RuntimeException | Error ex) {
			taken.forEach(Semaphore::release);
			throw ex;
		}
	}

	private void take(Semaphore permits, String who, int share) throws SQLException {
		try {
			if (!permits.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new ShareTakenException(who, share, this.wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a connection", ex);
		}
	}

	/**
	 * The connection, whose first {@code close()} gives its places in the shares back.
	 */
	private Connection givenBackOnClose(Connection target, List<Semaphore> taken) {
		AtomicBoolean closed = new AtomicBoolean();
		return (Connection) Proxy.newProxyInstance(ConnectionProxy.class.getClassLoader(),
				new Class<?>[] { ConnectionProxy.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "getTargetConnection":
							return target;
						case "equals":
							return proxy == args[0];
						case "hashCode":
							return System.identityHashCode(proxy);
						case "close":
							try {
								target.close();
							}
							finally {
								if (closed.compareAndSet(false, true)) {
									taken.forEach(Semaphore::release);
								}
							}
							return null;
						case "isClosed":
							return closed.get() || target.isClosed();
						default:
							try {
								return method.invoke(target, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
					}
				});
	}

	@FunctionalInterface
	private interface ConnectionSource {

		Connection get() throws SQLException;

	}

	/**
	 * Every connection a thread of its kind may hold is held, and none was given back
	 * within the pool's connection timeout: they wait on the database (a lock, a slow
	 * statement, a hung server, too many at once).
	 */
	public static final class ShareTakenException extends SQLTransientConnectionException {

		ShareTakenException(String who, int share, Duration wait) {
			super(who + " hold all " + share + " connections they may use; none came free within " + wait);
		}

	}

	/** Counts the thread serving a request as such while the request passes. */
	public static final class Filter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			SERVING.set(Kind.REQUEST);
			try {
				chain.doFilter(request, response);
			}
			finally {
				SERVING.remove();
			}
		}

	}

}
