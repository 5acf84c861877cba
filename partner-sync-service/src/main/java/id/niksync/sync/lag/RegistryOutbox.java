package id.niksync.sync.lag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reads the registry's outbox backlog. The registry being down is something to report,
 * not to fail on: the answer then says {@code registryReachable: false}.
 */
@Component
class RegistryOutbox {

	private static final Logger log = LoggerFactory.getLogger(RegistryOutbox.class);

	private final RestClient http;

	RegistryOutbox(RestClient.Builder builder,
			@Value("${niksync.reconcile.registry-base-url:http://localhost:8081}") String registryBaseUrl,
			LagProperties settings) {
		this.http = builder.baseUrl(registryBaseUrl)
			.requestFactory(ClientHttpRequestFactoryBuilder.detect()
				.build(ClientHttpRequestFactorySettings.defaults()
					.withConnectTimeout(settings.probeTimeout())
					.withReadTimeout(settings.probeTimeout())))
			.build();
	}

	OutboxBacklog read() {
		try {
			Answer answer = this.http.get().uri("/ops/outbox").retrieve().body(Answer.class);
			if (answer == null) {
				return OutboxBacklog.unreachable();
			}
			return new OutboxBacklog(true, answer.pending(), answer.oldestPendingAgeSeconds(),
					answer.lastPublishedChangeSeq(), answer.publishedTotal());
		}
		catch (RuntimeException ex) {
			log.debug("Registry outbox not readable: {}", ex.toString());
			return OutboxBacklog.unreachable();
		}
	}

	record Answer(Long pending, Double oldestPendingAgeSeconds, Long lastPublishedChangeSeq, Long publishedTotal) {
	}

}
