package id.niksync.sync.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard page at {@code /ops/} and its files under {@code /ops/dashboard/} go out
 * with its content security policy: the files too, since its {@code index.html}, fetched
 * there rather than at {@code /ops/}, was the page without it (attack run 2026-12-05).
 */
@Configuration(proxyBeanMethods = false)
class DashboardFiles implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				response.setHeader("Content-Security-Policy", DashboardController.CONTENT_SECURITY_POLICY);
				return true;
			}

		}).addPathPatterns("/ops/", "/ops/dashboard/**");
	}

}
