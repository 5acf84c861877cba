package id.niksync.bench;

/**
 * The services' batch-size meters, read through their actuators: the relay's records per
 * Kafka transaction ({@code niksync.outbox.batch.records}) and partner-sync's records per
 * delivered batch ({@code niksync.ingest.batch.records}). Each is a count of batches and
 * a total of records; a phase's figure is the difference over it.
 */
final class Batches {

	private Batches() {
	}

	static double[] relay(Stack stack, Http http) throws Exception {
		return read(http, stack.registryUrl() + "/actuator/metrics/niksync.outbox.batch.records",
				Http.basic(Stack.MONITOR, stack.monitorPassword()));
	}

	static double[] consumer(Stack stack, Http http) throws Exception {
		return read(http, stack.syncUrl() + "/actuator/metrics/niksync.ingest.batch.records",
				Http.basic(Stack.ADMIN, stack.adminPassword()));
	}

	/** Records per batch between two readings, or null without a batch between them. */
	static Double perBatch(double[] before, double[] after) {
		double batches = after[0] - before[0];
		return (batches > 0) ? Math.round(10.0 * (after[1] - before[1]) / batches) / 10.0 : null;
	}

	/**
	 * Batches and records so far (0, 0 before the first batch: the meter is not there).
	 */
	private static double[] read(Http http, String url, String authorization) throws Exception {
		Http.Answer answer = http.exchange("GET", url, null, "Authorization", authorization);
		double[] countAndTotal = new double[2];
		if (answer.status() == 200) {
			for (var measurement : answer.body().path("measurements")) {
				switch (measurement.path("statistic").asText()) {
					case "COUNT" -> countAndTotal[0] = measurement.path("value").asDouble();
					case "TOTAL" -> countAndTotal[1] = measurement.path("value").asDouble();
					default -> {
					}
				}
			}
		}
		else if (answer.status() != 404) {
			throw new IllegalStateException(url + " answered " + answer.status());
		}
		return countAndTotal;
	}

}
