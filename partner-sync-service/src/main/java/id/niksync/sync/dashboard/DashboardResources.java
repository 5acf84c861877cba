package id.niksync.sync.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the dashboard's scripts and styles from {@code classpath:/dashboard/}, not
 * {@code /static}: in the local stack both services share one classpath, and the registry
 * would serve anything under {@code /static} too.
 */
@Configuration(proxyBeanMethods = false)
class DashboardResources implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/ops/dashboard/**").addResourceLocations("classpath:/dashboard/");
	}

}
