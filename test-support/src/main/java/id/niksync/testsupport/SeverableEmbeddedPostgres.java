package id.niksync.testsupport;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link EmbeddedPostgres} with a {@link DatabaseLink} between the service and its fresh
 * database, registered as the bean {@code databaseLink} for the test to cut and restore.
 * Declared on the test class ({@code @ContextConfiguration(initializers =
 * SeverableEmbeddedPostgres.class)}) it takes the place of the initializer a composed
 * annotation declares: Spring uses a class's own {@code @ContextConfiguration}. Tests
 * that cut the link get a context of their own, so no other test meets the outage.
 */
public class SeverableEmbeddedPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String url = EmbeddedPostgres.newDatabase();
		DatabaseLink link = DatabaseLink.to(url);
		EmbeddedPostgres.use(context, link.url(url));
		context.getBeanFactory().registerSingleton("databaseLink", link);
	}

}
