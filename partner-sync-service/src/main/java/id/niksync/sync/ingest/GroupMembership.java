package id.niksync.sync.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.kafka.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * How an instance belongs to the consumer groups: as a dynamic member, or, with
 * {@code niksync.ingest.static-membership}, as a static one ({@code group.instance.id}).
 * A static member that restarts within {@code session.timeout.ms} takes its partitions
 * back without a rebalance, but one that stops, even gracefully, holds them until then; a
 * dynamic one leaves the group when it stops, and after a crash its partitions wait for
 * the session timeout either way (README, "Failover").
 */
@Configuration(proxyBeanMethods = false)
class GroupMembership {

	private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);

	/**
	 * Sets {@code group.instance.id} unless {@code spring.kafka.consumer.properties} sets
	 * it already. Spring Kafka appends {@code -0}, {@code -1}, … per consumer thread.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer staticGroupMembership(IngestProperties settings, Environment environment) {
		return (factory) -> {
			if (!settings.staticMembership()
					|| factory.getConfigurationProperties().containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
				return;
			}
			String id = (settings.instanceId() != null) ? settings.instanceId() : defaultInstanceId(environment);
			factory.updateConfigs(Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
			log.info("Consumers join their groups as static members {}-0, {}-1, …", id, id);
		};
	}

	/**
	 * Host name and HTTP port: two instances running at once never share both, and a
	 * restart on the same host keeps them. With a port chosen at start ({@code 0}) or
	 * without a host name, a random part: safe, but a restart is then a new member.
	 */
	static String defaultInstanceId(Environment environment) {
		String port = environment.getProperty("server.port", "8080");
		if ("0".equals(port.trim())) {
			port = UUID.randomUUID().toString().substring(0, 8);
		}
		try {
			return InetAddress.getLocalHost().getHostName() + "-" + port;
		}
		catch (UnknownHostException ex) {
			String random = UUID.randomUUID().toString();
			log.warn("No host name ({}); group.instance.id is {}, new at every start. Set niksync.ingest.instance-id",
					ex.getMessage(), random);
			return random;
		}
	}

}
