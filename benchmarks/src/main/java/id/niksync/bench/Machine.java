package id.niksync.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine and software a result was measured on. */
public final class Machine {

	private Machine() {
	}

	public static Map<String, Object> describe() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("host", hostName());
		machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		String memTotal = firstValue(Path.of("/proc/meminfo"), "MemTotal");
		machine.put("memoryGiB",
				(memTotal != null) ? Math.round(Long.parseLong(memTotal.replace("kB", "").trim()) / 1048576.0) : null);
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		return machine;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String firstValue(Path file, String key) {
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return null;
	}

}
