package id.niksync.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP link between a service and its database that a test can cut and restore: an
 * outage as the service meets it when the database server stops. {@link #cut()} closes
 * every open connection (the service's next read fails, SQLState {@code 08006}) and stops
 * listening (a new connection is refused, {@code 08001}); {@link #restore()} listens
 * again on the same port. Unlike stopping the shared embedded server, it takes away only
 * the one test database behind it, and unlike {@code ALLOW_CONNECTIONS false} it fails
 * the way a dead server does, at the socket.
 */
public final class DatabaseLink implements Closeable {

	private final InetSocketAddress target;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	private final AtomicInteger accepted = new AtomicInteger();

	private final Object hangLock = new Object();

	private boolean hung;

	private DatabaseLink(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		accept(this.listener);
	}

	/**
	 * A link to the database of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}).
	 */
	public static DatabaseLink to(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		try {
			return new DatabaseLink(new InetSocketAddress(uri.getHost(), uri.getPort()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open a database link", ex);
		}
	}

	/** {@code jdbcUrl} with the link in place of the server. */
	public String url(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		return "jdbc:postgresql://localhost:" + this.port + uri.getRawPath()
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	/**
	 * The database hangs, as a server stopped by {@code SIGSTOP} or behind a dropped
	 * network does: connections stay open and new ones are accepted, but nothing is
	 * answered until {@link #resume()}, when everything sent meanwhile goes through.
	 */
	public void hang() {
		synchronized (this.hangLock) {
			this.hung = true;
		}
	}

	/** A hung database answers again. */
	public void resume() {
		synchronized (this.hangLock) {
			this.hung = false;
			this.hangLock.notifyAll();
		}
	}

	/** The database goes away: open connections break, new ones are refused. */
	public synchronized void cut() {
		closeQuietly(this.listener);
		this.listener = null;
		// Reset, not a polite close: what the service sees of a server that died.
		this.open.forEach(DatabaseLink::reset);
		this.open.clear();
	}

	/** The database is back on the same address. */
	public synchronized void restore() {
		if (this.listener != null) {
			return;
		}
		try {
			this.listener = listen(this.port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on port " + this.port + " again", ex);
		}
		accept(this.listener);
	}

	/** Connections accepted so far, including those still waiting for a hung database. */
	int accepted() {
		return this.accepted.get();
	}

	@Override
	public void close() {
		resume();
		cut();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void accept(ServerSocket listener) {
		daemon("database-link-accept", () -> {
			while (!listener.isClosed()) {
				Socket client;
				try {
					client = listener.accept();
					this.accepted.incrementAndGet();
				}
				catch (IOException ex) {
					// closed by cut()
					continue;
				}
				try {
					awaitAnswering();
					Socket server = new Socket(this.target.getAddress(), this.target.getPort());
					if (!register(listener, client, server)) {
						continue;
					}
					daemon("database-link-up", () -> pump(client, server));
					daemon("database-link-down", () -> pump(server, client));
				}
				catch (IOException ex) {
					closeQuietly(client);
				}
			}
		});
	}

	/**
	 * Adds a connection to those {@link #cut()} resets, unless the link was cut while it
	 * was being opened: then it is reset here, so no connection outlives a cut (one that
	 * did would keep the database answering through it).
	 */
	private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket server) {
		if (this.listener != acceptedBy) {
			reset(client);
			reset(server);
			return false;
		}
		this.open.add(client);
		this.open.add(server);
		return true;
	}

	/** Copies one direction until either side closes, then closes both. */
	private void pump(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			byte[] buffer = new byte[16384];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				awaitAnswering();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	/** Holds the calling pump while the database hangs. */
	private void awaitAnswering() {
		synchronized (this.hangLock) {
			while (this.hung) {
				try {
					this.hangLock.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// already closed
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(Closeable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
