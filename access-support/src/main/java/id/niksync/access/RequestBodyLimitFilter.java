package id.niksync.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over a limit before anything parses them: a body that announces
 * a larger {@code Content-Length} is answered 413 without being read; one that does not
 * (chunked) is counted as it is read, and reading past the limit fails, which
 * {@link ProblemExceptionHandler} answers 413 too. Routes may have a larger limit of
 * their own (a batch import), and path prefixes may be left to a limit of their own
 * elsewhere (partner-sync's partner routes: their gate refuses and audits an oversized
 * request).
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final DataSize max;

	private final Map<String, DataSize> maxByPath;

	private final List<String> limitedElsewhere;

	/** No listeners: the routes a gate audits are limited elsewhere. */
	private final ProblemWriter problems;

	/**
	 * @param max the limit of every route not in {@code maxByPath}
	 * @param maxByPath limits of their own, by path (without the context path)
	 */
	public RequestBodyLimitFilter(DataSize max, Map<String, DataSize> maxByPath, ObjectMapper json) {
		this(max, maxByPath, List.of(), json);
	}

	/**
	 * @param max the limit of every route not in {@code maxByPath}
	 * @param maxByPath limits of their own, by path (without the context path)
	 * @param limitedElsewhere path prefixes (without the context path) this filter leaves
	 * alone
	 */
	public RequestBodyLimitFilter(DataSize max, Map<String, DataSize> maxByPath, List<String> limitedElsewhere,
			ObjectMapper json) {
		this.max = max;
		this.maxByPath = Map.copyOf(maxByPath);
		this.limitedElsewhere = List.copyOf(limitedElsewhere);
		this.problems = new ProblemWriter(json);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return this.limitedElsewhere.stream().anyMatch(path::startsWith);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DataSize limit = this.maxByPath
			.getOrDefault(request.getRequestURI().substring(request.getContextPath().length()), this.max);
		long length = request.getContentLengthLong();
		if (length > limit.toBytes()) {
			// with the security headers: ahead of Spring Security's header writer
			this.problems.write(request, response, tooLarge(limit));
			return;
		}
		// Tomcat never reads past a Content-Length; without one, the count is ours.
		chain.doFilter((length >= 0) ? request : new Counted(request, limit), response);
	}

	/** The 413 answer, with {@code maxBytes}. */
	public static ProblemDetail tooLarge(DataSize limit) {
		ProblemDetail problem = Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
				"The request body is larger than " + limit.toKilobytes() + " KB");
		problem.setProperty("maxBytes", limit.toBytes());
		return problem;
	}

	/** Reading past the limit of a body without a Content-Length. */
	public static final class BodyTooLargeException extends IOException {

		private final DataSize limit;

		BodyTooLargeException(DataSize limit) {
			super("The request body is larger than " + limit.toKilobytes() + " KB");
			this.limit = limit;
		}

		public DataSize limit() {
			return this.limit;
		}

	}

	private static final class Counted extends HttpServletRequestWrapper {

		private final DataSize limit;

		private ServletInputStream stream;

		Counted(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CountingInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			Charset charset = (getCharacterEncoding() != null) ? Charset.forName(getCharacterEncoding())
					: StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class CountingInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final DataSize limit;

		private long count;

		CountingInputStream(ServletInputStream in, DataSize limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws BodyTooLargeException {
			this.count += n;
			if (this.count > this.limit.toBytes()) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
