package id.niksync.sync.ingest;

import java.io.IOException;

import id.niksync.sync.PartnerSyncApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * partner-sync-service as its main method starts it, but on the test class path: the
 * tests' own {@code @TestConfiguration}s are left out as Spring Boot's test support
 * would. {@link FailoverIntegrationTests} runs it in a JVM of its own, to kill it.
 */
final class FailoverInstance {

	private FailoverInstance() {
	}

	public static void main(String[] args) {
		start(args);
	}

	static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(PartnerSyncApplication.class)
			.initializers((context) -> context.getBeanFactory()
				.registerSingleton("excludeTestConfigurations", new ExcludeTestConfigurations()))
			.run(args);
	}

	static final class ExcludeTestConfigurations extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
			return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof ExcludeTestConfigurations;
		}

		@Override
		public int hashCode() {
			return ExcludeTestConfigurations.class.hashCode();
		}

	}

}
