package id.niksync.access;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Lets a request refused before its body was read end without reading it. After an answer
 * Tomcat reads ("swallows") what is left of a body, so that the connection can carry the
 * next request; a body that stops arriving holds the server thread for that until the
 * read timeout, refused or not. So a caller refused again and again (429) still took a
 * server thread each time: with ten such bodies, eight threads were all held
 * (InFlightLimitIntegrationTests, 2026-12-04). A valve hands each request a way to tell
 * Tomcat not to ({@code ActionCode.DISABLE_SWALLOW_INPUT}): the answer is sent, then the
 * connection closed. A close while bytes of the body are still arriving can reset the
 * connection before the client reads the answer: for refusals of callers who already hold
 * many requests, not for every refusal.
 */
public final class UnreadBodies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final String ATTRIBUTE = UnreadBodies.class.getName() + ".drop";

	/**
	 * After the answer, the connection is closed instead of the rest of the body read.
	 * Nothing outside Tomcat (or without the valve).
	 */
	public static void dropAfterAnswer(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof Runnable drop) {
			drop.run();
		}
	}

	/** Whether the request announced a body (a length above 0, or chunks). */
	public static boolean announced(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	/**
	 * Also: a client that asks before sending a body ({@code Expect: 100-continue}) is
	 * invited to send it only when the body is read, not as soon as the request arrives
	 * (Tomcat's default), so a request refused before that (413 for its announced length,
	 * 401, 429) is answered without inviting an upload it then has to swallow or reset.
	 */
	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextValves(new DropValve());
		factory.addConnectorCustomizers((connector) -> connector.setProperty("continueResponseTiming", "onRead"));
	}

	static final class DropValve extends ValveBase {

		DropValve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			request.setAttribute(ATTRIBUTE,
					(Runnable) () -> request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null));
			getNext().invoke(request, response);
		}

	}

}
