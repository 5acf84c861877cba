package id.niksync.registry.access;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import id.niksync.access.CrossSiteRequestFilter;
import id.niksync.access.LockingAuthenticationProvider;
import id.niksync.access.OneCredentialFilter;
import id.niksync.access.PasswordPolicy;
import id.niksync.access.PasswordChecks;
import id.niksync.access.PathFirewall;
import id.niksync.access.ProblemWriter;
import id.niksync.access.RecentlyVerifiedPasswords;
import id.niksync.access.SecurityProblems;
import id.niksync.access.SecurityProblems.Challenge;
import id.niksync.access.SignInAuditTable;
import id.niksync.access.SignInLockout;
import id.niksync.access.SignInThrottle;
import id.niksync.schemas.registry.RegistryApi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static id.niksync.registry.access.RegistryRole.ADMIN;
import static id.niksync.registry.access.RegistryRole.MONITOR;
import static id.niksync.registry.access.RegistryRole.REGISTRAR;
import static id.niksync.registry.access.RegistryRole.SERVICE;
import static id.niksync.registry.access.RegistryRole.SUPERVISOR;

/**
 * Who may call what on the registry (README, Security). Every caller signs in with HTTP
 * Basic; only liveness and readiness answer anonymously. Roles say which routes, the
 * account's regions say which NIKs ({@code Caller}, checked where the NIK is known).
 * <p>
 * CSRF tokens are off because no route serves a browser: the registry has no page, no
 * session and no cookie. A browser could still replay cached Basic credentials, so every
 * write takes a JSON body (a cross-site form cannot send one without a CORS preflight,
 * which this service never grants) and a cross-site {@code Origin} is refused outright.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

	private static final Challenge CHALLENGE = new Challenge("Basic realm=\"niksync-registry\"",
			"Registry sign-in (HTTP Basic) is required");

	@Bean
	SecurityFilterChain registrySecurity(HttpSecurity http, SecurityProblems problems, ProblemWriter writer)
			throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.logout((logout) -> logout.disable())
			.httpBasic((basic) -> basic.authenticationEntryPoint(problems))
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.addFilterBefore(new CrossSiteRequestFilter("/", writer), BasicAuthenticationFilter.class)
			.addFilterBefore(new OneCredentialFilter(problems), BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasAnyRole(names(MONITOR, ADMIN))
				.requestMatchers("/internal/**")
				.hasRole(SERVICE.name())
				.requestMatchers(HttpMethod.GET, RegistryApi.OUTBOX)
				.hasAnyRole(names(SUPERVISOR, SERVICE))
				.requestMatchers(HttpMethod.POST, RegistryApi.REPUBLISH)
				.hasAnyRole(names(SUPERVISOR, SERVICE))
				.requestMatchers(HttpMethod.GET, RegistryApi.REPUBLISH + "/*")
				.hasAnyRole(names(SUPERVISOR, SERVICE))
				.requestMatchers(HttpMethod.POST, RegistryApi.REPUBLISH + "/*/resume")
				.hasRole(SUPERVISOR.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/residents/*/republish")
				.hasAnyRole(names(SUPERVISOR, SERVICE))
				.requestMatchers(HttpMethod.GET, "/api/v1/residents/*")
				.hasAnyRole(names(REGISTRAR, SUPERVISOR))
				.requestMatchers(HttpMethod.POST, "/api/v1/residents", "/api/v1/residents/batch",
						"/api/v1/residents/*/status")
				.hasRole(REGISTRAR.name())
				.requestMatchers(HttpMethod.PUT, "/api/v1/residents/*")
				.hasRole(REGISTRAR.name())
				.requestMatchers("/api/v1/accounts", "/api/v1/accounts/**")
				.hasRole(ADMIN.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/account/password")
				.authenticated()
				// Every route is listed above (AccessMatrixIntegrationTests
				// enumerates them); what is left are paths nothing answers,
				// which a signed-in caller may see 404 for.
				.anyRequest()
				.authenticated())
			.build();
	}

	/**
	 * No observation of Spring Security's filters, authentications and authorizations:
	 * wrapping every filter of every request costs CPU on every request (in partner-sync
	 * a sixth of a lookup's, JFR, issue 16), and nothing reads them.
	 * {@code http.server.requests} stays.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Also refuses percent-encoded paths ({@link PathFirewall}); Spring Security takes an
	 * {@code HttpFirewall} bean.
	 */
	@Bean
	static HttpFirewall httpFirewall() {
		return PathFirewall.strict();
	}

	/** Also Spring Security's RequestRejectedHandler, picked up as a bean. */
	@Bean
	SecurityProblems securityProblems(ProblemWriter problems) {
		return new SecurityProblems(problems, (request) -> CHALLENGE);
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

	/** The one way in: password, lockout, and an audit row for the attempt. */
	@Bean
	LockingAuthenticationProvider authenticationProvider(RegistryAccounts accounts, PasswordEncoder passwords,
			AccessProperties properties, JdbcClient jdbc, Clock clock) {
		return new LockingAuthenticationProvider(accounts, passwords,
				new SignInLockout(properties.failuresBeforeLock(), properties.firstLock(), properties.longestLock(),
						clock),
				new SignInAuditTable(jdbc, properties.successAuditWindow()),
				new SignInThrottle(properties.refusedSignInBurst(), properties.refusedSignInRefill()));
	}

	@Bean
	PasswordPolicy passwordPolicy() {
		return PasswordPolicy.standard();
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new CallerArgumentResolver());
	}

	private static String[] names(RegistryRole... roles) {
		return Arrays.stream(roles).map(Enum::name).toArray(String[]::new);
	}

}
