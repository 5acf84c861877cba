package id.niksync.sync.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where registry-service answers and how long partner-sync waits for it.
 *
 * @param baseUrl registry-service's address ({@code /ops/outbox},
 * {@code /internal/digests}, {@code /api/v1/republish})
 * @param connectTimeout the most opening a connection may take
 * @param outboxTimeout the most one read of the outbox backlog may take; past it the sync
 * status says {@code registryReachable: false}
 * @param readTimeout the most a digest or republish answer may take
 * @param username partner-sync's account on registry-service (role {@code SERVICE});
 * without one every call is refused and the sync status shows the registry unreachable
 * @param password that account's password, from the environment
 * ({@code NIKSYNC_REGISTRY_PASSWORD})
 */
@ConfigurationProperties("niksync.registry")
record RegistryProperties(@DefaultValue("http://localhost:8081") String baseUrl,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("2s") Duration outboxTimeout,
		@DefaultValue("60s") Duration readTimeout, String username, String password) {

	@Override
	public String toString() {
		return "RegistryProperties[baseUrl=" + this.baseUrl + ", username=" + this.username + "]";
	}

}
