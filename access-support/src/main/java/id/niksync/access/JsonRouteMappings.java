package id.niksync.access;

import java.lang.reflect.Method;

import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's mappings as Spring Boot registers them (imported by each service's
 * {@code SystemConfiguration}), where every route of the service's own REST controllers
 * says it produces JSON, unless it declares what it produces. So a request whose
 * {@code Accept} admits no JSON is refused {@code 406} before its handler runs. Without
 * it Spring MVC ran the handler and refused only as it wrote the answer: a partner's
 * re-online request was created, a callback secret stored that nobody was shown, and the
 * partner audit said 200 for an answer of 406 (an attack helper, with
 * {@code Accept: text/html}).
 * <p>
 * Not the error page ({@link ProblemErrorController}): it answers every failure as
 * problem details whatever the {@code Accept}, with the failure's status, not 406.
 */
public class JsonRouteMappings implements WebMvcRegistrations {

	private static final String OWN_PACKAGE = "id.niksync.";

	@Override
	public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
		return new RequestMappingHandlerMapping() {
			@Override
			protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
				return jsonUnlessDeclared(super.getMappingForMethod(method, handlerType), handlerType);
			}
		};
	}

	private static RequestMappingInfo jsonUnlessDeclared(RequestMappingInfo info, Class<?> handlerType) {
		if (info == null || !info.getProducesCondition().isEmpty() || !handlerType.getName().startsWith(OWN_PACKAGE)
				|| !AnnotatedElementUtils.hasAnnotation(handlerType, RestController.class)
				|| ErrorController.class.isAssignableFrom(handlerType)) {
			return info;
		}
		return info.mutate().produces(MediaType.APPLICATION_JSON_VALUE).build();
	}

}
