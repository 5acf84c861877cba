package id.niksync.access;

import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemReportValve} where Tomcat's error report is: on the host, in place
 * of the {@link ErrorReportValve} Spring Boot adds there (a context customizer, which is
 * why this one runs last) and of the one the host would add itself when it starts without
 * a valve of its {@code errorReportValveClass}.
 */
public class TomcatProblemReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ProblemWriter problems;

	public TomcatProblemReports(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> install((Host) context.getParent()));
	}

	void install(Host host) {
		Pipeline pipeline = host.getPipeline();
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		ProblemReportValve valve = new ProblemReportValve(this.problems);
		pipeline.addValve(valve);
		if (host instanceof StandardHost standard) {
			standard.setErrorReportValveClass(valve.getClass().getName());
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
