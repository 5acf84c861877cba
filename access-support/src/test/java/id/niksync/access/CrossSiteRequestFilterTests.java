package id.niksync.access;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anyone can send cross-site refusals, before signing in: each is answered 403, but the
 * log gets at most a warning a second, which counts those it left out (each refusal at
 * debug level).
 */
class CrossSiteRequestFilterTests {

	private final AtomicLong nanos = new AtomicLong();

	private final CrossSiteRequestFilter filter = new CrossSiteRequestFilter("/ops/",
			new ProblemWriter(new ObjectMapper()), new LogThrottle(Duration.ofSeconds(1), this.nanos::get));

	private final Logger logger = (Logger) LoggerFactory.getLogger(CrossSiteRequestFilter.class);

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private Level level;

	@BeforeEach
	void listen() {
		this.level = this.logger.getLevel();
		this.lines.start();
		this.logger.addAppender(this.lines);
	}

	@AfterEach
	void stopListening() {
		this.logger.detachAppender(this.lines);
		this.logger.setLevel(this.level);
	}

	@Test
	void atDebugLevelEveryRefusalIsLogged() throws Exception {
		this.logger.setLevel(Level.DEBUG);
		for (int i = 0; i < 3; i++) {
			assertThat(refused()).isEqualTo(403);
		}

		assertThat(this.lines.list.stream().filter((line) -> line.getLevel() == Level.DEBUG))
			.extracting(ILoggingEvent::getFormattedMessage)
			.containsOnly("Refused a cross-site POST to /ops/x (Origin sent, Sec-Fetch-Site none, credentials none)")
			.hasSize(3);
	}

	@Test
	void aFloodOfRefusalsIsAnsweredInFullAndWarnedOfASecondAtATime() throws Exception {
		this.logger.setLevel(Level.INFO);
		for (int i = 0; i < 500; i++) {
			assertThat(refused()).isEqualTo(403);
		}
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(refused()).isEqualTo(403);

		List<String> warned = this.lines.list.stream()
			.filter((line) -> line.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(warned).containsExactly(
				"Refused a cross-site POST to /ops/x (Origin sent, Sec-Fetch-Site none, credentials none);"
						+ " 0 more refused since the last such warning",
				"Refused a cross-site POST to /ops/x (Origin sent, Sec-Fetch-Site none, credentials none);"
						+ " 499 more refused since the last such warning");
	}

	private int refused() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/ops/x");
		request.addHeader("Origin", "http://evil.example");
		request.setContentType("application/json");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, response, chain);
		assertThat(chain.getRequest()).as("passed on").isNull();
		return response.getStatus();
	}

}
