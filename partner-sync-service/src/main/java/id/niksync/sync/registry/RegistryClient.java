package id.niksync.sync.registry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.schemas.registry.RegionDigest;
import id.niksync.schemas.registry.RegistryApi;
import id.niksync.schemas.registry.ReonlineAccepted;
import id.niksync.schemas.registry.ReonlineRequest;
import id.niksync.schemas.registry.RepublishRequest;
import id.niksync.schemas.registry.RepublishStarted;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * registry-service, the one service partner-sync calls: its outbox backlog for the sync
 * status, its digests for reconciliation, and republish to repair what reconciliation
 * found. The payloads are the shared contract types of
 * {@code id.niksync.schemas.registry}. Every failure (unreachable, timed out, an error
 * status, no body) is a {@link RestClientException}; whether it is reported or fails the
 * work is the caller's decision.
 */
@Component
public class RegistryClient {

	private final RestClient http;

	/**
	 * Read every few seconds by the lag sampler, and waited for by a partner's re-online
	 * request, so it gives up sooner.
	 */
	private final RestClient outboxHttp;

	RegistryClient(RestClient.Builder builder, RegistryProperties settings) {
		this.http = build(builder.clone(), settings, settings.readTimeout());
		this.outboxHttp = build(builder.clone(), settings, settings.outboxTimeout());
	}

	public OutboxStatus outbox() {
		return required(this.outboxHttp.get().uri(RegistryApi.OUTBOX).retrieve().body(OutboxStatus.class),
				RegistryApi.OUTBOX);
	}

	/**
	 * The digests of the child buckets of a region prefix.
	 * @param prefix empty for the whole country, or 2, 4 or 6 digits
	 */
	public RegionDigest digests(String prefix) {
		return required(this.http.get()
			.uri(RegistryApi.DIGESTS + "?prefix={prefix}", prefix)
			.retrieve()
			.body(RegionDigest.class), RegistryApi.DIGESTS);
	}

	/**
	 * Asks the registry to re-online these NIKs (a RESYNC event each) as one job. The
	 * registry audits it under partner-sync's service account; the operator who asked is
	 * named in the reason.
	 * @return the job's id
	 */
	public UUID republish(List<String> niks, String reason, String operator) {
		return republish(niks, java.util.Map.of(), reason, operator);
	}

	/**
	 * @param aboveVersions of {@code niks}, those the replica holds at a version the
	 * registry never had, with that version: the registry republishes them above it
	 */
	public UUID republish(List<String> niks, java.util.Map<String, Long> aboveVersions, String reason,
			String operator) {
		RepublishStarted started = this.http.post()
			.uri(RegistryApi.REPUBLISH)
			.body(RepublishRequest.niks(niks, aboveVersions, reason + " (asked by " + operator + " on partner-sync)"))
			.retrieve()
			.body(RepublishStarted.class);
		return required(started, RegistryApi.REPUBLISH).jobId();
	}

	/**
	 * Re-onlines one NIK on behalf of a partner institution: the registry checks the
	 * family-card number and publishes the resident again at its next version.
	 * @return the registry's RESYNC; or the code it refused with (422
	 * {@code KK_MISMATCH_OR_UNKNOWN} for a wrong KK number and an unknown NIK alike, 429
	 * {@code REONLINE_ATTEMPTS_EXCEEDED}); or, for anything else (the registry
	 * unreachable, timed out, another answer), what failed, and whether the registry
	 * refused the request as it was sent (400, 413, 415, a 422 with another code), which
	 * sending it again cannot change
	 */
	public Reonline reonline(String nik, ReonlineRequest request) {
		try {
			return this.outboxHttp.post().uri(RegistryApi.REONLINE, nik).body(request).exchange((sent, answer) -> {
				int status = answer.getStatusCode().value();
				if (status == 202) {
					ReonlineAccepted accepted = required(answer.bodyTo(ReonlineAccepted.class), RegistryApi.REONLINE);
					return new Reonline(accepted, null, null, false, false);
				}
				if (status == 422 || status == 429) {
					JsonNode problem = answer.bodyTo(JsonNode.class);
					String code = (problem != null) ? problem.path("code").asText(null) : null;
					if (RegistryApi.KK_MISMATCH_OR_UNKNOWN.equals(code)
							|| RegistryApi.REONLINE_ATTEMPTS_EXCEEDED.equals(code)) {
						return new Reonline(null, code, null, false, false);
					}
				}
				boolean refused = status == 400 || status == 413 || status == 415 || status == 422;
				return new Reonline(null, null, "registry-service answered HTTP " + status, false, refused);
			});
		}
		catch (RestClientException ex) {
			// The class only: the message quotes the URL, which holds the NIK.
			Throwable cause = (ex.getMostSpecificCause() != null) ? ex.getMostSpecificCause() : ex;
			return new Reonline(null, null, cause.getClass().getSimpleName(), answerMayBeLost(cause), false);
		}
	}

	/**
	 * Whether the request may have reached the registry and only its answer is missing
	 * (no answer in time), as opposed to never having been delivered (no connection).
	 */
	static boolean answerMayBeLost(Throwable cause) {
		if (cause instanceof java.net.http.HttpConnectTimeoutException || cause instanceof java.net.ConnectException) {
			return false;
		}
		if (cause instanceof java.net.http.HttpTimeoutException) {
			return true;
		}
		return cause instanceof java.net.SocketTimeoutException
				&& !String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect");
	}

	/**
	 * A re-online's outcome: exactly one of accepted (the RESYNC's version), rejected
	 * (the registry's code) and failed (what went wrong); when it failed,
	 * {@code mayHaveActed} says whether the registry may still have received it (no
	 * answer in time) rather than surely not (no connection, an error answer), and
	 * {@code refused} whether the registry refused the request's content (a bug on one
	 * side of the contract or the other, not an outage).
	 */
	public record Reonline(ReonlineAccepted accepted, String rejectedCode, String failure, boolean mayHaveActed,
			boolean refused) {

	}

	private static <T> T required(T body, String route) {
		if (body == null) {
			throw new RestClientException("registry-service answered " + route + " without a body");
		}
		return body;
	}

	/**
	 * Reads past a field of the registry's answers this version does not know: a registry
	 * upgraded first may add one. The service's own request bodies refuse unknown fields
	 * ({@code fail-on-unknown-properties}), which would otherwise make every answer of a
	 * newer registry unreadable here.
	 */
	private static HttpMessageConverter<?> tolerant(HttpMessageConverter<?> converter) {
		if (converter instanceof MappingJackson2HttpMessageConverter json) {
			return new MappingJackson2HttpMessageConverter(
					json.getObjectMapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
		}
		return converter;
	}

	private static RestClient build(RestClient.Builder builder, RegistryProperties settings, Duration readTimeout) {
		if (settings.username() != null && settings.password() != null) {
			builder.defaultHeaders((headers) -> headers.setBasicAuth(settings.username(), settings.password()));
		}
		return builder.baseUrl(settings.baseUrl())
			.messageConverters((converters) -> converters.replaceAll(RegistryClient::tolerant))
			.requestFactory(ClientHttpRequestFactoryBuilder.detect()
				.build(ClientHttpRequestFactorySettings.defaults()
					.withConnectTimeout(settings.connectTimeout())
					.withReadTimeout(readTimeout)))
			.build();
	}

}
