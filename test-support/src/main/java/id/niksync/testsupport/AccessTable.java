package id.niksync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's table of who may call what, as the README states it between
 * {@code <!-- access-table:NAME -->} and {@code <!-- /access-table:NAME -->}, and the
 * routes the service really has: the two access-matrix tests hold one against the other.
 */
public final class AccessTable {

	private static final Path README = Path.of("..", "README.md");

	private AccessTable() {
	}

	/**
	 * @return "METHOD /route" → the "who" column, in the README's order
	 */
	public static Map<String, String> of(String name) {
		String readme;
		try {
			readme = Files.readString(README);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String start = "<!-- access-table:" + name + " -->";
		String body = readme.substring(readme.indexOf(start) + start.length(),
				readme.indexOf("<!-- /access-table:" + name + " -->"));
		Map<String, String> rows = new LinkedHashMap<>();
		for (String line : body.split("\n")) {
			String[] cells = line.split("\\|");
			if (cells.length >= 4 && cells[2].contains("`")) {
				rows.put(cells[1].strip() + " " + cells[2].strip().replace("`", ""), cells[3].strip());
			}
		}
		if (rows.isEmpty()) {
			throw new IllegalStateException("The README has no access table " + name);
		}
		return rows;
	}

	/** The table's routes that Spring MVC serves: all but the actuator's. */
	public static Set<String> controllerRoutes(String name) {
		Set<String> routes = new TreeSet<>(of(name).keySet());
		routes.removeIf((route) -> route.endsWith(" /actuator") || route.contains(" /actuator/"));
		return routes;
	}

	/**
	 * "METHOD /pattern" of every controller method, Spring Boot's error page left out.
	 */
	public static Set<String> routesOf(RequestMappingHandlerMapping mappings) {
		Set<String> routes = new TreeSet<>();
		mappings.getHandlerMethods().forEach((info, handler) -> {
			for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
				info.getMethodsCondition().getMethods().forEach((method) -> routes.add(method + " " + pattern));
			}
		});
		routes.removeIf((route) -> route.endsWith(" /error"));
		return routes;
	}

	/**
	 * Asserts that every route of the project's own {@code @RestController}s says what it
	 * produces, so that an {@code Accept} it cannot answer is refused (406) before the
	 * handler runs. The error page is left out: it answers any {@code Accept}.
	 */
	public static void assertEveryRestRouteSaysWhatItProduces(RequestMappingHandlerMapping mappings) {
		assertThat(mappings.getHandlerMethods().entrySet())
			.filteredOn((route) -> route.getValue().getBeanType().getName().startsWith("id.niksync.")
					&& AnnotatedElementUtils.hasAnnotation(route.getValue().getBeanType(), RestController.class)
					&& !route.getKey().getPatternValues().contains("/error"))
			.hasSizeGreaterThan(5)
			.allSatisfy(
					(route) -> assertThat(route.getKey().getProducesCondition().isEmpty()).as(route.getKey().toString())
						.isFalse());
	}

}
