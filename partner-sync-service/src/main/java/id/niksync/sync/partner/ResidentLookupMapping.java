package id.niksync.sync.partner;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import id.niksync.access.RequestHeaders;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.MatchableHandlerMapping;
import org.springframework.web.servlet.handler.RequestMatchResult;
import org.springframework.web.servlet.mvc.condition.ProducesRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Finds the handler of a partner lookup, {@code GET /partner/v1/residents/{nik}} (and its
 * {@code HEAD}), by matching that one pattern, ahead of Spring MVC's mappings. Theirs
 * cannot find a route with a variable by its path: each lookup was matched against every
 * route of the service, twice (Spring Security's {@code HandlerMappingIntrospector} looks
 * the handler up before the {@code DispatcherServlet} does), 17 % of a lookup's samples
 * (JFR, issue 16).
 * <p>
 * The handler is the one Spring MVC registered for {@link ResidentLookupController}'s
 * {@code @GetMapping}, which stays the declaration (and what the API description is built
 * from), called by {@link ResidentLookupAdapter}; the request gets the attributes Spring
 * MVC's match sets. Anything else (other methods, paths the pattern does not match) is
 * left to Spring MVC's mappings, so its answers (405, 404 …) are theirs. It carries no
 * interceptors and no CORS handling: the service has none for this route, which the test
 * checks, and no other route may lie under {@code /partner/v1/residents/} (checked at
 * startup).
 */
final class ResidentLookupMapping implements MatchableHandlerMapping, Ordered {

	private static final int REMEMBERED_ACCEPTS = 64;

	private final PathPatternParser parser;

	private final PathPattern pattern;

	private final HandlerMethod handler;

	/** What the route produces: JSON ({@code JsonRouteMappings}). */
	private final ProducesRequestCondition produces;

	/**
	 * Whether an {@code Accept} value admits what the route produces, for the values
	 * clients send (one or two per HTTP library; the JDK's {@code HttpURLConnection}
	 * sends five media types with qualities), as Spring MVC's content negotiation read
	 * it: parsing and sorting one on every lookup was 6 % of the request threads' samples
	 * (JFR, issue 16). The first {@value #REMEMBERED_ACCEPTS} values seen are remembered
	 * (about that many: two threads may add one each past it), any other is parsed on
	 * every lookup as before: a caller sending many values can bring everyone's other
	 * values back to that cost, no further, and takes no memory.
	 */
	private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

	/**
	 * @param mappings Spring MVC's, holding the route's {@code @GetMapping}
	 * @throws IllegalStateException unless exactly one handler method is mapped to
	 * {@code GET} {@link PartnerApi#RESIDENT}
	 */
	ResidentLookupMapping(RequestMappingHandlerMapping mappings) {
		this.parser = mappings.getPatternParser();
		if (this.parser == null) {
			throw new IllegalStateException("Spring MVC does not match with path patterns");
		}
		this.pattern = this.parser.parse(PartnerApi.RESIDENT);
		List<Map.Entry<RequestMappingInfo, HandlerMethod>> lookups = mappings.getHandlerMethods()
			.entrySet()
			.stream()
			.filter((route) -> isLookup(route.getKey()))
			.toList();
		if (lookups.size() != 1) {
			throw new IllegalStateException(
					"Expected one handler of GET " + PartnerApi.RESIDENT + ", found " + lookups.size());
		}
		// Ahead of every other mapping: a route it would shadow must not exist.
		List<String> shadowed = mappings.getHandlerMethods()
			.keySet()
			.stream()
			.filter((info) -> !isLookup(info) && info.getPathPatternsCondition() != null)
			.flatMap((info) -> info.getPathPatternsCondition().getPatternValues().stream())
			.filter((other) -> other.startsWith(PartnerApi.RESIDENTS + "/"))
			.toList();
		if (!shadowed.isEmpty()) {
			throw new IllegalStateException(
					"Routes under " + PartnerApi.RESIDENTS + "/ that the lookup's mapping would shadow: " + shadowed);
		}
		this.handler = lookups.get(0).getValue().createWithResolvedBean();
		this.produces = lookups.get(0).getKey().getProducesCondition();
	}

	/** The lookup's handler, as this mapping finds it for every lookup. */
	HandlerMethod handler() {
		return this.handler;
	}

	private boolean isLookup(RequestMappingInfo info) {
		return info.getMethodsCondition().getMethods().equals(Set.of(RequestMethod.GET))
				&& info.getPathPatternsCondition() != null
				&& info.getPathPatternsCondition().getPatterns().equals(Set.of(this.pattern))
				&& info.getParamsCondition().isEmpty() && info.getHeadersCondition().isEmpty()
				&& info.getConsumesCondition().isEmpty() && info.getCustomCondition() == null;
	}

	@Override
	public HandlerExecutionChain getHandler(HttpServletRequest request) {
		// HEAD as Spring MVC maps it, to the GET
		if (!HttpMethod.GET.matches(request.getMethod()) && !HttpMethod.HEAD.matches(request.getMethod())) {
			return null;
		}
		PathContainer path = (ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request)
				: ServletRequestPathUtils.parseAndCache(request))
			.pathWithinApplication();
		PathPattern.PathMatchInfo match = this.pattern.matchAndExtract(path);
		if (match == null || !accepted(request.getHeader(HttpHeaders.ACCEPT), request)) {
			// an Accept without JSON: Spring MVC's mapping answers it 406
			return null;
		}
		// As Spring MVC's RequestMappingInfoHandlerMapping sets them on a match
		if (this.produces.isEmpty()) {
			request.removeAttribute(PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
		}
		else {
			request.setAttribute(PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE, this.produces.getProducibleMediaTypes());
		}
		request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, this.handler);
		request.setAttribute(PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE,
				UrlPathHelper.defaultInstance.removeSemicolonContent(path.value()));
		request.setAttribute(MATRIX_VARIABLES_ATTRIBUTE, match.getMatrixVariables());
		request.setAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE, this.pattern.getPatternString());
		request.setAttribute(URI_TEMPLATE_VARIABLES_ATTRIBUTE, match.getUriVariables());
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(this.pattern.getPatternString()));
		return new HandlerExecutionChain(this.handler);
	}

	private boolean accepted(String accept, HttpServletRequest request) {
		// what clients send, without parsing it
		if (accept == null || accept.equals(MediaType.ALL_VALUE) || accept.equals(MediaType.APPLICATION_JSON_VALUE)) {
			return true;
		}
		if (RequestHeaders.moreThanOne(request, HttpHeaders.ACCEPT)) {
			// more than one Accept header: read as Spring MVC reads them, every time
			return this.produces.getMatchingCondition(request) != null;
		}
		Boolean verdict = this.verdicts.get(accept);
		if (verdict == null) {
			// an unparseable value admits nothing (Spring MVC's mapping answers it)
			verdict = this.produces.getMatchingCondition(request) != null;
			if (this.verdicts.size() < REMEMBERED_ACCEPTS) {
				this.verdicts.putIfAbsent(accept, verdict);
			}
		}
		return verdict;
	}

	@Override
	public boolean usesPathPatterns() {
		return true;
	}

	/**
	 * Spring MVC's: Spring Security's request matchers ask the
	 * {@code HandlerMappingIntrospector}, which matches them with it.
	 */
	@Override
	public PathPatternParser getPatternParser() {
		return this.parser;
	}

	/** Not used: a mapping with a {@link #getPatternParser() parser} is matched by it. */
	@Override
	@SuppressWarnings("deprecation")
	public RequestMatchResult match(HttpServletRequest request, String pattern) {
		throw new UnsupportedOperationException("Matched with path patterns");
	}

	/** Before Spring MVC's mappings, the Actuator's (order -100) included. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
