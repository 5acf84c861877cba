package id.niksync.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import id.niksync.testsupport.GeneratedResident;
import id.niksync.testsupport.Residents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the demo residents through the registry's own write path (the first alone
 * with {@code POST /api/v1/residents}, the rest in batches of {@value #BATCH} through
 * {@code POST /api/v1/residents/batch}), so each one leaves through the outbox and
 * reaches the replica like any other change. Only residents the registry does not hold
 * yet are sent: an interrupted seeding resumes, a larger count extends it, and a second
 * start sends nothing.
 */
final class Seeder {

	private static final Logger log = LoggerFactory.getLogger(Seeder.class);

	private static final int BATCH = 500;

	private static final int ATTEMPTS = 3;

	private final String registryUrl;

	private final PostgresServer registryDb;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String authorization;

	/**
	 * @param authorization a registrar's for the demo region
	 */
	Seeder(String registryUrl, PostgresServer registryDb, String authorization) {
		this.authorization = authorization;
		this.registryUrl = registryUrl;
		this.registryDb = registryDb;
	}

	/** What seeding did: residents registered now, and those the registry already had. */
	record Result(int registered, int alreadyPresent, Duration took) {

	}

	Result seed(int count) throws IOException, InterruptedException {
		long started = System.nanoTime();
		List<GeneratedResident> demo = Residents.bondowoso().first(count);
		Set<String> present = registeredNiks(demo);
		List<GeneratedResident> missing = demo.stream()
			.filter((resident) -> !present.contains(resident.nik()))
			.toList();
		if (missing.isEmpty()) {
			log.info("Demo data present ({} residents): not seeding", demo.size());
			return new Result(0, demo.size(), Duration.ZERO);
		}
		log.info("Seeding {} demo residents of Bondowoso through the registry's API ({} already registered)",
				missing.size(), present.size());
		// Alone and first: on a fresh start this is the README's resident, the one people
		// try.
		post("/api/v1/residents", missing.get(0).toJson(), 409);
		for (int from = 1; from < missing.size(); from += BATCH) {
			List<GeneratedResident> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
			if (postBatch(batch) == 409) {
				// Registered meanwhile, or by an earlier attempt whose answer was lost:
				// send
				// only those still missing.
				Set<String> now = registeredNiks(batch);
				List<GeneratedResident> rest = batch.stream().filter((r) -> !now.contains(r.nik())).toList();
				if (!rest.isEmpty() && postBatch(rest) != 201) {
					throw new IllegalStateException("The registry refused demo residents it does not hold");
				}
			}
			log.info("Seeded {}/{}", from + batch.size(), missing.size());
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		log.info("Seeded {} demo residents in {} ms", missing.size(), took.toMillis());
		return new Result(missing.size(), present.size(), took);
	}

	private int postBatch(List<GeneratedResident> batch) throws IOException, InterruptedException {
		return post("/api/v1/residents/batch",
				batch.stream()
					.map(GeneratedResident::toJson)
					.collect(Collectors.joining(",", "{\"residents\":[", "]}")),
				409);
	}

	/**
	 * POSTs and returns the status: 201, or one of {@code alsoAccepted}; fails otherwise.
	 */
	private int post(String path, String json, int alsoAccepted) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.registryUrl + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.header("Authorization", this.authorization)
			.POST(BodyPublishers.ofString(json))
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 201 && response.statusCode() != alsoAccepted) {
			throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
					+ response.body().substring(0, Math.min(500, response.body().length())));
		}
		return response.statusCode();
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				HttpResponse<String> response = this.http.send(request, BodyHandlers.ofString());
				if (response.statusCode() < 500 || attempt == ATTEMPTS) {
					return response;
				}
			}
			catch (IOException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
			Thread.sleep(200L * attempt);
		}
	}

	/** Which of these residents the registry holds already (read from its database). */
	private Set<String> registeredNiks(List<GeneratedResident> residents) {
		String[] niks = residents.stream().map(GeneratedResident::nik).toArray(String[]::new);
		Set<String> present = new HashSet<>();
		try (Connection connection = this.registryDb.connect();
				PreparedStatement query = connection.prepareStatement("SELECT nik FROM resident WHERE nik = ANY (?)")) {
			Array array = connection.createArrayOf("varchar", niks);
			query.setArray(1, array);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					present.add(rows.getString(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the registry database " + this.registryDb.jdbcUrl(), ex);
		}
		return present;
	}

}
