package id.niksync.sync.partner;

import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The audit writer's own thread against a database that does what the writer did not
 * expect: every partner request waits for that thread, so it must outlive whatever one
 * batch throws. The database is a stand-in that records each statement's row count.
 */
class PartnerAuditWriterTests {

	private final FakeDatabase database = new FakeDatabase();

	private PartnerAuditWriter writer;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.writer != null) {
			this.writer.destroy();
		}
	}

	@Test
	void anErrorWhileWritingIsAnsweredAndTheWriterGoesOn() {
		this.database.failNextWith(new StackOverflowError());
		this.writer = new PartnerAuditWriter(JdbcClient.create(this.database), this.database);
		// before: the Error ended the writer's thread; this request waited its
		// 91 s commit wait and every later one too
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			assertThatExceptionOfType(AuditUnavailableException.class).isThrownBy(() -> this.writer.write(rows(1)))
				.withCauseInstanceOf(StackOverflowError.class);
			this.writer.write(rows(1));
		});
		assertThat(this.database.statementRows).containsExactly(1);
	}

	@Test
	void requestsShareAStatementUpToItsRowLimit() throws Exception {
		this.database.holdNextStatement();
		this.writer = new PartnerAuditWriter(JdbcClient.create(this.database), this.database);
		List<CompletableFuture<Void>> written = new ArrayList<>();
		written.add(CompletableFuture.runAsync(() -> this.writer.write(rows(1))));
		assertThat(this.database.held.await(10, TimeUnit.SECONDS)).isTrue();
		// gathered while the first statement runs: 3 × 2,000 rows is over the limit
		for (int i = 0; i < 3; i++) {
			written.add(CompletableFuture.runAsync(() -> this.writer.write(rows(2_000))));
		}
		for (int i = 0; i < 4; i++) {
			written.add(CompletableFuture.runAsync(() -> this.writer.write(rows(1))));
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.writer.waiting() < 7 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.writer.waiting()).isEqualTo(7);
		this.database.release.countDown();
		CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(this.database.statementRows).hasSizeGreaterThanOrEqualTo(3)
			.allSatisfy((rows) -> assertThat(rows).isLessThanOrEqualTo(PartnerAuditWriter.ROWS))
			.satisfies((rows) -> assertThat(rows.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6_005));
	}

	private static List<PartnerAuditRow> rows(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> PartnerAuditRow.of(null, PartnerOperation.VERIFY, "writer test", "3511014506900001",
					Set.of(), "OK", 200))
			.toList();
	}

	/**
	 * Connections whose statements record their row count (the length of the first array
	 * bound), the first of them held until released or failed with a given Throwable.
	 */
	private static final class FakeDatabase implements DataSource {

		final List<Integer> statementRows = Collections.synchronizedList(new ArrayList<>());

		final CountDownLatch held = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private volatile Throwable failNext;

		private volatile boolean holdNext;

		void failNextWith(Throwable failure) {
			this.failNext = failure;
		}

		void holdNextStatement() {
			this.holdNext = true;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Throwable failure = this.failNext;
			if (failure != null) {
				this.failNext = null;
				throwUnchecked(failure);
			}
			return proxy(Connection.class, (method, args) -> switch (method) {
				case "prepareStatement" -> statement();
				case "getAutoCommit", "isValid" -> true;
				default -> null;
			});
		}

		private PreparedStatement statement() {
			int[] rows = { 0 };
			return proxy(PreparedStatement.class, (method, args) -> {
				if (method.equals("setObject") && (int) args[0] == 1 && args[1].getClass().isArray()) {
					rows[0] = Array.getLength(args[1]);
				}
				if (method.equals("executeUpdate")) {
					if (this.holdNext) {
						this.holdNext = false;
						this.held.countDown();
						this.release.await();
					}
					this.statementRows.add(rows[0]);
					return rows[0];
				}
				return null;
			});
		}

		@SuppressWarnings("unchecked")
		private static <T> T proxy(Class<T> type, Answer answer) {
			return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
				Object answered = answer.answer(method.getName(), args);
				if (answered != null || !method.getReturnType().isPrimitive()) {
					return answered;
				}
				Class<?> returned = method.getReturnType();
				return (returned == boolean.class) ? false
						: (returned == void.class) ? null : Array.get(Array.newInstance(returned, 1), 0);
			});
		}

		@SuppressWarnings("unchecked")
		private static <E extends Throwable> void throwUnchecked(Throwable failure) throws E {
			throw (E) failure;
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

		private interface Answer {

			Object answer(String method, Object[] args) throws Exception;

		}

	}

}
