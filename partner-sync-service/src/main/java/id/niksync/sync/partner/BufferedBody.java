package id.niksync.sync.partner;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import id.niksync.access.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps a partner request body that does not announce its length (chunked): it is read up
 * to the cap first, and refused with 413 beyond it. Bodies with a Content-Length are
 * refused by {@link PartnerRequestGate} without being read.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final PartnerProperties properties;

	private final ProblemWriter problems;

	RequestBodyLimitFilter(PartnerProperties properties, ProblemWriter problems) {
		this.properties = properties;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() >= 0) {
			chain.doFilter(request, response);
			return;
		}
		long max = this.properties.maxRequestSize().toBytes();
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
		if (body.length > max) {
			this.problems.write(request, response, new PayloadTooLargeException(this.properties.maxRequestSize()));
			return;
		}
		chain.doFilter(new Buffered(request, body), response);
	}

	private static final class Buffered extends HttpServletRequestWrapper {

		private final byte[] body;

		Buffered(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}

			};
		}

	}

}
