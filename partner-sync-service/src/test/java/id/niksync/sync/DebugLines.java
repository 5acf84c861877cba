package id.niksync.sync;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import org.slf4j.LoggerFactory;

/**
 * A logger at debug level until closed, then back at the level it had: for a test that
 * reads lines the service writes at debug level only.
 */
public final class DebugLines implements AutoCloseable {

	private final Logger logger;

	private final Level level;

	private DebugLines(Logger logger) {
		this.logger = logger;
		this.level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
	}

	public static DebugLines of(Class<?> type) {
		return new DebugLines((Logger) LoggerFactory.getLogger(type));
	}

	@Override
	public void close() {
		this.logger.setLevel(this.level);
	}

}
