package id.niksync.localstack;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The broker as a part of the stack that can be stopped and started again in place, on
 * the same port and data, so a broker outage can be staged while both services keep
 * running.
 */
final class KafkaPart implements AutoCloseable {

	private final Path dir;

	private final int port;

	private final int controllerPort;

	private EmbeddedKraftBroker broker;

	KafkaPart(Path dir, int port, int controllerPort) throws IOException {
		this.dir = dir;
		this.port = port;
		this.controllerPort = controllerPort;
		start();
	}

	synchronized void start() throws IOException {
		if (this.broker == null) {
			this.broker = EmbeddedKraftBroker.start(this.dir, this.port, this.controllerPort);
		}
	}

	synchronized void stop() {
		if (this.broker != null) {
			this.broker.close();
			this.broker = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

}
