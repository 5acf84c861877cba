package id.niksync.sync.partner;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import id.niksync.access.StrictQueryParameters;
import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Calls the lookup {@link ResidentLookupMapping} found as
 * {@link ResidentLookupController}'s {@code @GetMapping} declares it, ahead of Spring
 * MVC's adapter: resolving four arguments, looking up validation groups, building a model
 * and negotiating the content type the route has fixed (JSON) were a fifth of a lookup's
 * request-thread samples (JFR, issue 16), more than its query. The handler stays the
 * controller's method, so its exceptions are answered by the exception handlers as
 * before; only the call differs: the same parameters, as they came, to
 * {@link ResidentLookup}, the answer written with the application's {@link ObjectMapper}
 * as {@code application/json} (UTF-8, whatever charset an {@code Accept} names: JSON's
 * own); a HEAD is answered the same, its body dropped by the servlet container.
 */
final class ResidentLookupAdapter implements HandlerAdapter, Ordered {

	private static final Set<String> LOOKUP_PARAMETERS = Set.of(PartnerApi.MIN_VERSION);

	private final ResidentLookupMapping mapping;

	private final ResidentLookup lookup;

	private final ObjectWriter json;

	private final SecurityContextHolderStrategy security = SecurityContextHolder.getContextHolderStrategy();

	ResidentLookupAdapter(ResidentLookupMapping mapping, ResidentLookup lookup, ObjectMapper json) {
		this.mapping = mapping;
		this.lookup = lookup;
		this.json = json.writerFor(PartnerResident.class);
	}

	/** Only what {@link ResidentLookupMapping} found. */
	@Override
	public boolean supports(Object handler) {
		return handler == this.mapping.handler();
	}

	@Override
	public ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		PartnerResident resident = this.lookup.lookup(institution(), variables.get(PartnerApi.NIK_VARIABLE),
				request.getHeader(PartnerApi.PURPOSE_HEADER), minVersion(request));
		byte[] body = this.json.writeValueAsBytes(resident);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		try {
			response.getOutputStream().write(body);
		}
		catch (IOException ex) {
			// The partner went away (its answer is audited already): the exception
			// handlers answer nothing and log no error, as for Spring MVC's writes.
			throw new AsyncRequestNotUsableException("The client went away while its lookup was answered", ex);
		}
		return null;
	}

	/**
	 * As Spring MVC hands it to the controller: a second value joined to the first with a
	 * comma, which no number reads. Any other parameter is refused
	 * ({@code 400 VALIDATION_FAILED}, {@code FIELD_UNKNOWN}), as on the operators'
	 * routes: {@code ?minversion=99} was answered from whatever the replica had (attack
	 * run 2026-12-06).
	 */
	private static String minVersion(HttpServletRequest request) {
		String unknown = StrictQueryParameters.undeclared(request, LOOKUP_PARAMETERS);
		if (unknown != null) {
			throw new CodedProblemException(Problems.validationFailed(List.of(Problems.violation(unknown,
					"FIELD_UNKNOWN", "not a parameter of a lookup, which takes " + PartnerApi.MIN_VERSION))), null);
		}
		String[] values = request.getParameterValues(PartnerApi.MIN_VERSION);
		return (values != null) ? String.join(",", values) : null;
	}

	/**
	 * As {@code @AuthenticationPrincipal} resolves it; Spring Security lets only partners
	 * in.
	 */
	private AuthenticatedInstitution institution() {
		Authentication authentication = this.security.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof AuthenticatedInstitution institution) {
			return institution;
		}
		throw new IllegalStateException("A lookup without an authenticated institution");
	}

	/**
	 * None: a lookup is never answered {@code 304} ({@code DispatcherServlet} asks for
	 * every GET).
	 */
	@Override
	@SuppressWarnings("deprecation")
	public long getLastModified(HttpServletRequest request, Object handler) {
		return -1;
	}

	/** Before Spring MVC's adapters. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
