package id.niksync.registry.access;

import id.niksync.access.ClientAddresses;
import id.niksync.registry.system.Caller;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands controllers the {@link Caller}: the authenticated account and the request's TCP
 * peer. {@code X-Forwarded-For} is not read: behind a proxy, configure Spring Boot's
 * {@code server.forward-headers-strategy} so the peer is the client's.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof RegistryUser user)) {
			// The security chain lets no such request reach a controller that asks.
			throw new AuthenticationCredentialsNotFoundException("No registry account signed in");
		}
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		return new Caller(user.getUsername(),
				(request != null) ? ClientAddresses.forRecord(request.getRemoteAddr()) : null, user.regions(),
				user.everywhere());
	}

}
