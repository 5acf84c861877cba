package id.niksync.access;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
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
 * The pool as HTTP requests see it: together they hold at most {@code share} of its
 * connections, and the rest stays for the work that answers no request (ingestion and the
 * replica's probes, the outbox relay, republish jobs, audit writers, health checks).
 * Requests stuck behind a locked table (each for up to its {@code lock_timeout}), or many
 * slow ones, would otherwise take every connection: the probes then found none, took that
 * for an outage, and ingestion and health stopped with them. A request that finds the
 * share taken waits as long as for a connection of the pool, then fails with
 * {@link ShareTakenException}, which {@link DatabaseUnavailable} answers
 * {@code 503 DATABASE_BUSY}. Threads are counted as serving a request by {@link Filter},
 * which sees every request; work a request hands to a thread of its own is counted when
 * handed over through {@link #carried} ({@link BoundedWait} does). The services' database
 * health checks run on a thread of their own ({@link SharedHealthCheck}), so a health
 * probe is not held by the requests it judges.
 */
public final class RequestConnectionShare extends DelegatingDataSource {

	private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

	private final int share;

	private final Duration wait;

	private final Semaphore permits;

	/**
	 * @param pool the pool
	 * @param share the most connections requests hold at once
	 * @param wait how long a request waits for one of them
	 */
	public RequestConnectionShare(DataSource pool, int share, Duration wait) {
		super(pool);
		if (share < 1) {
			throw new IllegalArgumentException("Requests must be allowed at least one connection, not " + share);
		}
		this.share = share;
		this.wait = wait;
		this.permits = new Semaphore(share, true);
	}

	/**
	 * {@code work} as it would run here: counted in the share on whatever thread runs it
	 * if the thread calling this serves a request now, not counted otherwise.
	 */
	public static <T> Supplier<T> carried(Supplier<T> work) {
		if (SERVING.get() == null) {
			return work;
		}
		return () -> {
			Boolean before = SERVING.get();
			SERVING.set(Boolean.TRUE);
			try {
				return work.get();
			}
			finally {
				restore(before);
			}
		};
	}

	private static void restore(Boolean serving) {
		if (serving != null) {
			SERVING.set(serving);
		}
		else {
			SERVING.remove();
		}
	}

	/** The most connections requests hold at once. */
	public int share() {
		return this.share;
	}

	/** How many of them requests hold now. */
	public int held() {
		return this.share - this.permits.availablePermits();
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (SERVING.get() == null) {
			return super.getConnection();
		}
		take();
		try {
			return givenBackOnClose(super.getConnection());
		}
		catch (SQLException | RuntimeException | Error ex) {
			this.permits.release();
			throw ex;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		if (SERVING.get() == null) {
			return super.getConnection(username, password);
		}
		take();
		try {
			return givenBackOnClose(super.getConnection(username, password));
		}
		catch (SQLException | RuntimeException | Error ex) {
			this.permits.release();
			throw ex;
		}
	}

	/**
	 * The pool itself for {@code DataSource}: Spring Boot derives Flyway's data source
	 * (the schema owner's) from what this unwraps to, and could not from this wrapper.
	 */
	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return (type == DataSource.class) ? type.cast(obtainTargetDataSource()) : super.unwrap(type);
	}

	private void take() throws SQLException {
		try {
			if (!this.permits.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new ShareTakenException(this.share, this.wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a connection", ex);
		}
	}

	/** The connection, whose first {@code close()} gives its place in the share back. */
	private Connection givenBackOnClose(Connection target) {
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
									this.permits.release();
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

	/**
	 * Every connection requests may hold is held, and none was given back within the
	 * pool's connection timeout: the database answers, requests are waiting on it (a
	 * lock, a slow statement, too many at once).
	 */
	public static final class ShareTakenException extends SQLTransientConnectionException {

		ShareTakenException(int share, Duration wait) {
			super("Requests hold all " + share + " connections they may use; none came free within " + wait);
		}

	}

	/** Counts the thread serving a request as such while the request passes. */
	public static final class Filter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			SERVING.set(Boolean.TRUE);
			try {
				chain.doFilter(request, response);
			}
			finally {
				SERVING.remove();
			}
		}

	}

}
