package id.niksync.access;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A query parameter is given once and in its one spelling, as a body field is: a name
 * ({@code status=PENDING}) exactly as the list of names writes it, a whole number in the
 * digits 0–9 ({@code page=2}), an instant as ISO 8601 text with its offset
 * ({@link StrictDates}). Spring's conversion read {@code status=%20PENDING} and
 * {@code status=PENDING%00} as PENDING (it trims), {@code page=0x10} as 16 and
 * {@code size=1%200} as 10 (it decodes hexadecimal and drops every blank),
 * {@code from=+02026-12-05T00:00:00Z} as 2026, and of {@code page=1&page=2} took the
 * first (the trimmed name and the signed year found by an attack run, 2026-12-05). Each
 * is {@code 400 VALIDATION_FAILED}, the parameter named with {@code FIELD_UNREADABLE},
 * before the handler runs. An empty value ({@code page=}) stays what Spring makes of it:
 * the parameter not given. Text parameters are the handler's to read and check (a NIK's
 * rules, the partner lookup's {@code minVersion}).
 */
public final class StrictQueryParameters implements HandlerInterceptor {

	private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			for (MethodParameter parameter : method.getMethodParameters()) {
				RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
				if (annotation != null) {
					check(request, parameter.nestedIfOptional(), annotation);
				}
			}
		}
		return true;
	}

	private static void check(HttpServletRequest request, MethodParameter parameter, RequestParam annotation) {
		Class<?> type = parameter.getNestedParameterType();
		if (type == String.class || type.isArray() || Collection.class.isAssignableFrom(type)
				|| Map.class.isAssignableFrom(type)) {
			return;
		}
		String name = annotation.name().isEmpty() ? parameter.getParameterName() : annotation.name();
		String[] values = (name != null) ? request.getParameterValues(name) : null;
		if (values == null) {
			return;
		}
		if (values.length > 1 || !oneSpelling(type, values[0])) {
			throw new MethodArgumentTypeMismatchException(null, type, name, parameter, null);
		}
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
			case "int", "long", "short", "java.lang.Integer", "java.lang.Long", "java.lang.Short" ->
				WHOLE_NUMBER.matcher(value).matches();
			case "java.time.Instant" -> StrictDates.instant(value) != null;
			default -> true;
		};
	}

}
