package id.niksync.registry.outbox;

import id.niksync.schemas.NikChangedCodec;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

	@Bean
	NikChangedCodec nikChangedCodec() {
		return new NikChangedCodec();
	}

	@Bean
	NewTopic nikChangesTopic(TopicProperties topic) {
		return TopicBuilder.name(topic.name())
			.partitions(topic.partitions())
			.replicas(topic.replicationFactor())
			.config("min.insync.replicas", String.valueOf(Math.min(2, topic.replicationFactor())))
			.build();
	}

}
