package id.niksync.access;

import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A query parameter is given once and in its one spelling, as a body field is: a name
 * ({@code status=PENDING}) exactly as the list of names writes it, a whole number as JSON
 * writes one ({@code page=2}: digits 0–9, no leading zero, no plus), an instant as ISO
 * 8601 text with its offset ({@link StrictDates}), a UUID as 8-4-4-4-12 hexadecimal
 * digits ({@link Uuids}). A path's id ({@code /ops/dead-letters/{id}}) is held to the
 * same spellings. Spring's conversion read {@code status=%20PENDING} and
 * {@code status=PENDING%00} as PENDING (it trims), {@code page=0x10} as 16 and
 * {@code size=1%200} as 10 (it decodes hexadecimal and drops every blank),
 * {@code from=+02026-12-05T00:00:00Z} as 2026, and of {@code page=1&page=2} took the
 * first (the trimmed name and the signed year found by an attack run, 2026-12-05). Each
 * is {@code 400 VALIDATION_FAILED}, the parameter named with {@code FIELD_UNREADABLE},
 * before the handler runs. An empty value ({@code page=}) stays what Spring makes of it:
 * the parameter not given. Text parameters are the handler's to read and check (a NIK's
 * rules, the partner lookup's {@code minVersion}). On the services' own routes that take
 * query parameters, a name the route does not take is {@code 400 VALIDATION_FAILED} with
 * {@code FIELD_UNKNOWN}.
 */
public final class StrictQueryParameters implements HandlerInterceptor {

	/** As JSON writes one: no leading zero, no sign but a minus. */
	private static final Pattern WHOLE_NUMBER = Pattern.compile("0|-?[1-9][0-9]{0,18}");

	private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

	/** The services' own controllers (not springdoc's, not Actuator's). */
	private static final String OWN_ROUTES = "id.niksync.";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			Set<String> declared = new TreeSet<>();
			for (MethodParameter parameter : method.getMethodParameters()) {
				RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
				if (annotation != null) {
					// as Spring MVC names it when it resolves the argument, which it has
					// not done yet for the first request to a route
					parameter.initParameterNameDiscovery(NAMES);
					String name = annotation.name().isEmpty() ? parameter.getParameterName() : annotation.name();
					if (name == null) {
						throw new IllegalStateException("A query parameter without a name: compile with -parameters");
					}
					declared.add(name);
					check(request, parameter.nestedIfOptional(), name);
				}
				PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
				if (variable != null) {
					parameter.initParameterNameDiscovery(NAMES);
					checkPath(request, parameter,
							variable.name().isEmpty() ? parameter.getParameterName() : variable.name());
				}
			}
			if (!declared.isEmpty() && method.getBeanType().getName().startsWith(OWN_ROUTES)) {
				refuseUnknown(request, declared);
			}
		}
		return true;
	}

	/**
	 * A filter whose name is misspelt ({@code NIK=}, {@code minage=}) filtered nothing:
	 * the whole list was answered as if asked for (attack run 2026-12-06). On the
	 * services' own routes that take query parameters, a name they do not take is
	 * refused.
	 */
	private static void refuseUnknown(HttpServletRequest request, Set<String> declared) {
		String unknown = undeclared(request, declared);
		if (unknown != null) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					Problems.validationFailed(List.of(Problems.violation(unknown, "FIELD_UNKNOWN",
							"not a parameter of this route, which takes " + String.join(", ", declared)))),
					null);
		}
	}

	/**
	 * @return the first parameter of {@code request} that is not one of {@code declared},
	 * as an answer may name it ({@link #nameForAnswer}), or {@code null}
	 */
	public static String undeclared(HttpServletRequest request, Collection<String> declared) {
		Enumeration<String> names = request.getParameterNames();
		while (names.hasMoreElements()) {
			String name = names.nextElement();
			if (!declared.contains(name)) {
				return nameForAnswer(name);
			}
		}
		return null;
	}

	/**
	 * A parameter name the caller chose, as an answer names it: up to 64 printable ASCII
	 * characters, else {@code "(a parameter)"}, so that an answer does not carry
	 * kilobytes of it, or text of any kind, back.
	 */
	static String nameForAnswer(String name) {
		if (name.isEmpty() || name.length() > 64) {
			return "(a parameter)";
		}
		for (int i = 0; i < name.length(); i++) {
			if (name.charAt(i) < 0x21 || name.charAt(i) > 0x7E) {
				return "(a parameter)";
			}
		}
		return name;
	}

	private static void check(HttpServletRequest request, MethodParameter parameter, String name) {
		Class<?> type = parameter.getNestedParameterType();
		if (type == String.class || type.isArray() || Collection.class.isAssignableFrom(type)
				|| Map.class.isAssignableFrom(type)) {
			return;
		}
		String[] values = request.getParameterValues(name);
		if (values == null) {
			return;
		}
		if (values.length > 1 || !oneSpelling(type, values[0])) {
			throw new MethodArgumentTypeMismatchException(null, type, name, parameter, null);
		}
	}

	/**
	 * A path's id in its one spelling too: {@code /ops/dead-letters/0x10} was dead letter
	 * 16 and {@code /ops/dead-letters/01} dead letter 1 (attack run 2026-12-06), answered
	 * as Spring MVC answers {@code /ops/dead-letters/abc}.
	 */
	private static void checkPath(HttpServletRequest request, MethodParameter parameter, String name) {
		Class<?> type = parameter.getParameterType();
		if (name == null || type == String.class || !(request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)) {
			return;
		}
		if (variables.get(name) instanceof String value && (value.isEmpty() || !oneSpelling(type, value))) {
			throw new MethodArgumentTypeMismatchException(value, type, name, parameter, null);
		}
	}

	/**
	 * Whether {@code value} is a whole number in its one spelling, as JSON writes one:
	 * digits 0-9, no leading zero, no sign but a minus (for a handler that reads one
	 * itself, as the partner lookup's fast path reads {@code minVersion}).
	 */
	public static boolean wholeNumber(String value) {
		return WHOLE_NUMBER.matcher(value).matches();
	}

	/**
	 * @return whether {@code value} is the one spelling of a {@code type}, or an empty
	 * value, or of a type this does not know
	 */
	static boolean oneSpelling(Class<?> type, String value) {
		if (value.isEmpty()) {
			return true;
		}
		if (type.isEnum()) {
			for (Object constant : type.getEnumConstants()) {
				if (((Enum<?>) constant).name().equals(value)) {
					return true;
				}
			}
			return false;
		}
		return switch (type.getName()) {
			case "int", "long", "short", "java.lang.Integer", "java.lang.Long", "java.lang.Short" -> wholeNumber(value);
			case "java.time.Instant" -> StrictDates.instant(value) != null;
			case "java.util.UUID" -> Uuids.canonical(value);
			default -> true;
		};
	}

}
