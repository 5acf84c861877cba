package id.niksync.access;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

/** What a request's headers say beyond their first values. */
public final class RequestHeaders {

	private RequestHeaders() {
	}

	/**
	 * Whether the request carries header {@code name} more than once. Spring MVC hands a
	 * handler all of a header's values joined by commas, and most code reads only the
	 * first: a second value of a header that names one thing (a credential, a purpose, an
	 * {@code Accept} read by its first value) must be looked at, not passed over.
	 */
	public static boolean moreThanOne(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		int seen = 0;
		while (seen < 2 && values.hasMoreElements()) {
			values.nextElement();
			seen++;
		}
		return seen > 1;
	}

}
