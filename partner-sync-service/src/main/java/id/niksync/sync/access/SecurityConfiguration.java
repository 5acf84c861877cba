package id.niksync.sync.access;

import java.util.Optional;

import id.niksync.access.CrossSiteRequestFilter;
import id.niksync.access.PasswordChecks;
import id.niksync.access.PathFirewall;
import id.niksync.access.ProblemWriter;
import id.niksync.access.RecentlyVerifiedPasswords;
import id.niksync.access.SecurityProblems;
import id.niksync.access.SecurityProblems.Challenge;
import id.niksync.sync.ingest.IngestStatus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * Who may call what. Operators sign in with HTTP Basic ({@code /ops/**}: OPERATOR;
 * institution and key management: ADMIN, which implies OPERATOR). Partners sign in with
 * an API key ({@code /partner/**}: role PARTNER, which opens nothing else, so a partner
 * key on {@code /ops/**} is a 403). Anonymous callers get the health status (liveness,
 * readiness, overall; details only for operators) and the OpenAPI description; metrics
 * and Prometheus need an operator.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Challenge OPERATOR_CHALLENGE = new Challenge("Basic realm=\"niksync-ops\"",
			"Operator sign-in (HTTP Basic) is required");

	/**
	 * Partner routes ({@link PresentedApiKey#isPartnerRoute}, the routes the partner gate
	 * and the audit know as such): an API key and role PARTNER, nothing else. A chain of
	 * their own, holding only what they use: no operator sign-in (HTTP Basic credentials
	 * on a partner route are no key: 401), no anonymous caller, no servlet API wrapper,
	 * and one authorization rule instead of the operator routes' list matched in turn
	 * (that matching was about 6 % of a lookup's request-thread CPU, JFR, issue 16).
	 */
	@Bean
	@Order(1)
	SecurityFilterChain partnerApi(HttpSecurity http, ApiKeys keys, SecurityProblems problems, ProblemWriter writer,
			UnauthenticatedRequestLimits limits, IngestStatus replica) throws Exception {
		stateless(http, problems);
		http.securityMatcher(PresentedApiKey::isPartnerRoute)
			.anonymous((anonymous) -> anonymous.disable())
			.servletApi((servletApi) -> servletApi.disable())
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems, writer, limits, replica::replicaKnownAway),
					AuthorizationFilter.class)
			.addFilterAfter(new ReplicaAwayFilter(replica::replicaKnownAway, writer), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole(InstitutionAuthentication.ROLE));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, ApiKeys keys, SecurityProblems problems, ProblemWriter writer,
			UnauthenticatedRequestLimits limits, IngestStatus replica) throws Exception {
		stateless(http, problems);
		http.addFilterAt(new CrossSiteRequestFilter("/ops/", writer), CsrfFilter.class)
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems))
			// Not a bean: a Filter bean would also be registered for every request
			// outside this chain. Here a key is refused where it opens nothing (403).
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems, writer, limits, replica::replicaKnownAway),
					BasicAuthenticationFilter.class)
			// after authorisation: while the replica database is away, a signed-in
			// caller's request that needs it is answered 503 at once (README,
			// "Through outages")
			.addFilterAfter(new ReplicaAwayFilter(replica::replicaKnownAway, writer), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
				.permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
						"/swagger-ui/**")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				// answered by the partner chain; kept should one ever reach this one
				.requestMatchers("/partner/**")
				.hasRole(InstitutionAuthentication.ROLE)
				.requestMatchers("/ops/institutions", "/ops/institutions/**")
				.hasRole(OperatorRole.ADMIN.name())
				.requestMatchers("/ops/accounts", "/ops/accounts/**")
				.hasRole(OperatorRole.ADMIN.name())
				.anyRequest()
				.hasRole(OperatorRole.OPERATOR.name()));
		return http.build();
	}

	/** What both chains share: no session, and every refusal a problem document. */
	private static void stateless(HttpSecurity http, SecurityProblems problems) throws Exception {
		http
			// No session, so no CSRF token to keep: a browser re-sends Basic
			// credentials by itself, and CrossSiteRequestFilter (operator routes)
			// refuses what another origin sends with them.
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.logout((logout) -> logout.disable())
			// Spring Security's default headers (Cache-Control: no-store, nosniff,
			// X-Frame-Options: DENY …) keep personal data out of caches; plus no Referer.
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
	}

	/**
	 * No observation of Spring Security's filters, authentications and authorizations:
	 * wrapping every filter of every request cost about a sixth of a partner lookup's CPU
	 * (JFR, issue 16), and nothing reads them. {@code http.server.requests} stays.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Also Spring Security's RequestRejectedHandler, picked up as a bean. A refused
	 * partner route asks for an API key, any other route for an operator's sign-in.
	 * <p>
	 * A partner request the firewall refuses first takes a permit of the limit per client
	 * address, as a request without a valid key does: it is refused before any key is
	 * checked, and its refusal is audited (the partner gate), so without the limit anyone
	 * could add rows to the partner audit as fast as they can send. Over it: 429, not
	 * audited. Not a request refused for a header value once its key is known: its
	 * institution's limit counted it (the gate takes a permit before it reads them).
	 */
	@Bean
	SecurityProblems securityProblems(ProblemWriter problems, UnauthenticatedRequestLimits limits) {
		return new SecurityProblems(problems,
				(request) -> PresentedApiKey.isPartnerRoute(request) ? ApiKeyAuthenticationFilter.CHALLENGE
						: OPERATOR_CHALLENGE,
				(request) -> (PresentedApiKey.isPartnerRoute(request)
						&& request.getAttribute(AuthenticatedInstitution.REQUEST_ATTRIBUTE) == null)
								? limits.acquire(request.getRemoteAddr()) : Optional.empty());
	}

	/**
	 * Also refuses percent-encoded paths ({@link PathFirewall}); Spring Security takes an
	 * {@code HttpFirewall} bean.
	 */
	@Bean
	static HttpFirewall httpFirewall() {
		return PathFirewall.strict();
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(OperatorRole.ADMIN.name())
			.implies(OperatorRole.OPERATOR.name())
			.build();
	}

	@Bean
	PasswordEncoder passwordEncoder(AccessProperties properties) {
		// Stateless HTTP Basic: without remembering, every request pays for BCrypt. A
		// check not remembered waits its turn among a few, so that made-up credentials
		// cannot take every core.
		return new RecentlyVerifiedPasswords(
				new PasswordChecks(new BCryptPasswordEncoder(properties.passwordStrength()),
						properties.passwordChecksAtOnce(), properties.passwordCheckWait()));
	}

}
