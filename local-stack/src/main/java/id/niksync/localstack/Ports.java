package id.niksync.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports of the broker, its controller, the two services and the two databases. */
public record Ports(int kafka, int controller, int registry, int sync, int registryPg, int syncPg) {

	/** Six ports that are free now. */
	public static Ports free() throws IOException {
		int[] ports = free(6);
		return new Ports(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]);
	}

	/** {@code count} distinct loopback ports that are free now. */
	public static int[] free(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports[i] = socket.getLocalPort();
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	public int[] all() {
		return new int[] { this.kafka, this.controller, this.registry, this.sync, this.registryPg, this.syncPg };
	}

	/** Fails fast, and says which port, instead of half-starting the stack. */
	public void checkFree() throws IOException {
		for (int port : all()) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			}
			catch (IOException ex) {
				throw new IOException("Port " + port + " is in use (is the local stack already running?). "
						+ "Stop what uses it, or choose other ports (LOCALSTACK_*_PORT).", ex);
			}
		}
	}

}
