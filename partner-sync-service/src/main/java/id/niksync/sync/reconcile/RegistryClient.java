package id.niksync.sync.reconcile;

import java.util.List;
import java.util.Map;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * registry-service as reconciliation needs it: digests to compare, and republish to
 * repair.
 */
@Component
class RegistryClient {

	private final RestClient http;

	RegistryClient(RestClient.Builder builder, ReconcileProperties settings) {
		this.http = builder.baseUrl(settings.registryBaseUrl())
			.requestFactory(ClientHttpRequestFactoryBuilder.detect()
				.build(ClientHttpRequestFactorySettings.defaults().withReadTimeout(settings.registryTimeout())))
			.build();
	}

	Digest children(String prefix) {
		return this.http.get().uri("/internal/digests?prefix={prefix}", prefix).retrieve().body(Digest.class);
	}

	/**
	 * Asks the registry to re-online these NIKs (a RESYNC event each); returns the job
	 * id.
	 */
	String republish(List<String> niks, String reason, String operator) {
		Map<?, ?> answer = this.http.post()
			.uri("/api/v1/republish")
			.header("X-Operator", operator)
			.body(Map.of("niks", niks, "reason", reason))
			.retrieve()
			.body(Map.class);
		return String.valueOf(answer.get("jobId"));
	}

	record Digest(String prefix, int childLength, List<Bucket> buckets) {
	}

}
