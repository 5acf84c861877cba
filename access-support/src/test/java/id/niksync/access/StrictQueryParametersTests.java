package id.niksync.access;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Through Spring MVC's own conversion: each refused spelling is one Spring alone reads
 * (each seen answered 200 without the interceptor).
 */
class StrictQueryParametersTests {

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Listing())
		.addInterceptors(new StrictQueryParameters())
		.setControllerAdvice(new Problems())
		.build();

	@Test
	void readsEachParameterInItsOneSpelling() throws Exception {
		get("/items?state=OPEN&page=12&offset=-3&from=2026-12-05T07:00:00%2B07:00&label=%20any%20text%20")
			.andExpect(status().isOk())
			.andExpect(content().string("OPEN 12 -3 2026-12-05T00:00:00Z  any text "));
	}

	@Test
	void takesAnEmptyValueAsNotGiven() throws Exception {
		get("/items?state=&page=&from=").andExpect(status().isOk()).andExpect(content().string("null 0 0 null null"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "%20OPEN", "OPEN%20", "OPEN%00", "OPEN%09", "OPEN&state=CLOSED" })
	void refusesANameNotWrittenAsItsConstant(String state) throws Exception {
		refused("/items?state=" + state, "state")
			.andExpect(jsonPath("$.violations[0].message").value("must be one of OPEN, CLOSED"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0x10", "%2310", "%2B2", "1%200", "%2012", "12%20", "%EF%BC%91%EF%BC%92", "2&page=3",
			"012", "00", "-0" })
	void refusesAWholeNumberInAnyOtherNotation(String page) throws Exception {
		refused("/items?page=" + page, "page");
	}

	@ParameterizedTest
	@ValueSource(strings = { "%2B02026-12-05T00:00:00Z", "2026-12-05T00:00:00.Z" })
	void refusesAnInstantInAnyOtherSpelling(String from) throws Exception {
		refused("/items?from=" + from, "from");
	}

	@Test
	void readsAPathIdInItsOneSpelling() throws Exception {
		get("/items/12").andExpect(status().isOk()).andExpect(content().string("12"));
		get("/items/-1").andExpect(status().isOk()).andExpect(content().string("-1"));
		for (String run : new String[] { "0b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c",
				"0B1E5C7A-1D2F-4E3A-9B8C-7D6E5F4A3B2C" }) {
			get("/runs/" + run).andExpect(status().isOk())
				.andExpect(content().string("0b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0x10", "%2310", "%2B2", "012", "00", "-0", "1%200", "%EF%BC%91%EF%BC%92" })
	void refusesAPathIdInAnyOtherNotation(String id) throws Exception {
		refused("/items/" + id, "id");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "0-0-0-0-1", "0b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2", "%200b1e5c7a-1d2f-4e3a-9b8c-7d6e5f4a3b2c" })
	void refusesAPathUuidInAnyOtherSpelling(String run) throws Exception {
		refused("/runs/" + run, "run");
	}

	@Test
	void refusesANameTheRouteDoesNotTake() throws Exception {
		for (String query : new String[] { "State=OPEN", "pages=2", "page=2&x=1" }) {
			String name = query.startsWith("page=") ? "x" : query.substring(0, query.indexOf('='));
			get("/items?" + query).andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
				.andExpect(jsonPath("$.violations[0].code").value("FIELD_UNKNOWN"))
				.andExpect(jsonPath("$.violations[0].field").value(name))
				.andExpect(jsonPath("$.violations[0].message")
					.value("not a parameter of this route, which takes from, label, offset, page, state"));
		}
	}

	@Test
	void namesAnUnknownParameterOnlyWhenItIsShortPrintableAscii() throws Exception {
		for (String query : new String[] { "3511014506900001%20Siti=1", "a".repeat(65) + "=1", "%C4%81=1" }) {
			get("/items?" + query).andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.violations[0].field").value("(a parameter)"));
		}
	}

	@Test
	void leavesTextToTheHandler() throws Exception {
		get("/items?label=a&label=b").andExpect(status().isOk()).andExpect(content().string("null 0 0 null a,b"));
	}

	private ResultActions refused(String uri, String parameter) throws Exception {
		return get(uri).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
			.andExpect(jsonPath("$.violations.length()").value(1))
			.andExpect(jsonPath("$.violations[0].field").value(parameter))
			.andExpect(jsonPath("$.violations[0].code").value("FIELD_UNREADABLE"));
	}

	private ResultActions get(String uri) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.get(URI.create("http://localhost" + uri)));
	}

	@ControllerAdvice
	static class Problems extends ProblemExceptionHandler {

	}

	enum State {

		OPEN, CLOSED

	}

	@RestController
	static class Listing {

		@GetMapping("/items")
		String items(@RequestParam(name = "state", required = false) State state,
				@RequestParam(name = "page", defaultValue = "0") int page,
				@RequestParam(name = "offset", defaultValue = "0") long offset,
				@RequestParam(name = "from",
						required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
				@RequestParam(required = false) String label) {
			return state + " " + page + " " + offset + " " + from + " " + label;
		}

		@GetMapping("/items/{id}")
		String item(@PathVariable long id) {
			return Long.toString(id);
		}

		@GetMapping("/runs/{run}")
		String run(@PathVariable("run") UUID id) {
			return id.toString();
		}

	}

}
