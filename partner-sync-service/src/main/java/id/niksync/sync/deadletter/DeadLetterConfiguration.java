package id.niksync.sync.deadletter;

import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	static final String CONTAINER_FACTORY = "deadLetterContainerFactory";

	/**
	 * Its own container factory: record by record, and an error handler that retries
	 * without end and never dead-letters, since a dead letter that cannot be stored must
	 * not disappear. The store turns every record into a row ({@link DeadLetterStore}),
	 * so what is retried here is an unreachable database, not a record.
	 */
	@Bean(CONTAINER_FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> deadLetterContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(false);
		factory.setConcurrency(1);
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
		backOff.setMaxInterval(30_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler((record, ex) -> {
			throw new IllegalStateException("Dead letter could not be stored; it will be retried", ex);
		}, backOff));
		return factory;
	}

}
