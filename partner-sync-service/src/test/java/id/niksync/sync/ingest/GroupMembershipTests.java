package id.niksync.sync.ingest;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMembershipTests {

	private final GroupMembership membership = new GroupMembership();

	@Test
	void consumersAreDynamicMembersUnlessStaticMembershipIsOn() {
		assertThat(instanceId(settings(false, "sync-1"), Map.of(), new MockEnvironment())).isNull();
	}

	@Test
	void aStaticMemberIsNamedAsConfigured() {
		assertThat(instanceId(settings(true, "sync-1"), Map.of(), new MockEnvironment())).isEqualTo("sync-1");
	}

	@Test
	void aStaticMemberIsNamedAfterItsHostAndPortByDefault() throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "8082");
		assertThat(instanceId(settings(true, null), Map.of(), environment))
			.isEqualTo(InetAddress.getLocalHost().getHostName() + "-8082");
	}

	@Test
	void aPortChosenAtStartGivesEveryStartANameOfItsOwn() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "0");
		assertThat(GroupMembership.defaultInstanceId(environment))
			.isNotEqualTo(GroupMembership.defaultInstanceId(environment));
	}

	@Test
	void aGroupInstanceIdSetInSpringKafkasPropertiesWins() {
		assertThat(instanceId(settings(true, "sync-1"), Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "given"),
				new MockEnvironment()))
			.isEqualTo("given");
	}

	private Object instanceId(IngestProperties settings, Map<String, Object> config, MockEnvironment environment) {
		DefaultKafkaConsumerFactory<Object, Object> factory = new DefaultKafkaConsumerFactory<>(new HashMap<>(config));
		this.membership.staticGroupMembership(settings, environment).customize(factory);
		return factory.getConfigurationProperties().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
	}

	private static IngestProperties settings(boolean staticMembership, String instanceId) {
		return new IngestProperties(Duration.ofMillis(200), Duration.ofSeconds(10), 3, staticMembership, instanceId);
	}

}
