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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import id.niksync.identity.Nik;
import id.niksync.registry.resident.ResidentRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the demo residents through the registry's own write path ({@code POST
 * /api/v1/residents}), so each one leaves through the outbox and reaches the replica like
 * any other change. Only residents the registry does not hold yet are sent, and a 409
 * (already registered) counts as done: an interrupted seeding resumes, a larger count
 * extends it, and a second start sends nothing.
 */
final class Seeder {

	private static final Logger log = LoggerFactory.getLogger(Seeder.class);

	private static final int THREADS = 4;

	private static final int ATTEMPTS = 3;

	private final URI residentsUri;

	private final String registryJdbcUrl;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ObjectMapper json = JsonMapper.builder()
		.addModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.build();

	Seeder(String registryUrl, String registryJdbcUrl) {
		this.residentsUri = URI.create(registryUrl + "/api/v1/residents");
		this.registryJdbcUrl = registryJdbcUrl;
	}

	/** What seeding did: residents registered now, and those the registry already had. */
	record Result(int registered, int alreadyPresent, Duration took) {

	}

	Result seed(int count) throws IOException, InterruptedException {
		long started = System.nanoTime();
		List<ResidentRequest> demo = DemoResidents.generate(count);
		Set<String> present = registeredNiks(demo);
		List<ResidentRequest> missing = demo.stream().filter((resident) -> !present.contains(resident.nik())).toList();
		if (missing.isEmpty()) {
			log.info("Demo data present ({} residents): not seeding", demo.size());
			return new Result(0, demo.size(), Duration.ZERO);
		}
		log.info("Seeding {} demo residents of Bondowoso through POST {} ({} already registered)", missing.size(),
				this.residentsUri, present.size());
		// Alone and first: on a fresh start this is the README's resident, the one people
		// try.
		int created = register(missing.get(0)) ? 1 : 0;
		created += registerInParallel(missing.subList(1, missing.size()), missing.size());
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		log.info("Seeded {} demo residents in {} ms", created, took.toMillis());
		return new Result(created, demo.size() - created, took);
	}

	private int registerInParallel(List<ResidentRequest> residents, int total) throws InterruptedException {
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			CompletionService<Boolean> posts = new ExecutorCompletionService<>(threads);
			residents.forEach((resident) -> posts.submit(() -> register(resident)));
			int done = 1;
			int step = Math.max(1, total / 10);
			int created = 0;
			for (int i = 0; i < residents.size(); i++) {
				created += posts.take().get() ? 1 : 0;
				done++;
				if (done % step == 0 || done == total) {
					log.info("Seeded {}/{}", done, total);
				}
			}
			return created;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Seeding failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** Returns true when registered now, false when the registry already had it. */
	private boolean register(ResidentRequest resident) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.residentsUri)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(this.json.writeValueAsBytes(resident)))
			.build();
		HttpResponse<String> response = send(request);
		return switch (response.statusCode()) {
			case 201 -> true;
			case 409 -> false;
			default -> throw new IllegalStateException("POST " + this.residentsUri + " for " + Nik.mask(resident.nik())
					+ " answered " + response.statusCode() + ": " + response.body());
		};
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
	private Set<String> registeredNiks(List<ResidentRequest> residents) {
		String[] niks = residents.stream().map(ResidentRequest::nik).toArray(String[]::new);
		Set<String> present = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(this.registryJdbcUrl, PostgresServer.USER,
				PostgresServer.PASSWORD);
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
			throw new IllegalStateException("Cannot read the registry database " + this.registryJdbcUrl, ex);
		}
		return present;
	}

}
