package id.niksync.access;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NoNulStringsTests {

	private final ObjectMapper json = new ObjectMapper().registerModule(new NoNulStrings());

	record Reasoned(String reason, List<String> niks) {
	}

	@Test
	void refusesANulCharacterInAnyTextOfABody() {
		assertThatExceptionOfType(InvalidFormatException.class)
			.isThrownBy(() -> this.json.readValue("{\"reason\":\"ok\\u0000then\"}", Reasoned.class))
			.withMessageContaining("NUL");
		assertThatExceptionOfType(InvalidFormatException.class)
			.isThrownBy(() -> this.json.readValue("{\"niks\":[\"3511\\u0000\"]}", Reasoned.class));
		assertThatExceptionOfType(InvalidFormatException.class).isThrownBy(() -> this.json
			.readValue("{\"a\":{\"b\":\"\\u0000\"}}", new TypeReference<Map<String, Map<String, String>>>() {
			}));
	}

	@Test
	void passesEveryOtherText() throws Exception {
		Reasoned read = this.json.readValue("{\"reason\":\"Akta \\u00e9 \\t tab\",\"niks\":[\"3511\"]}",
				Reasoned.class);
		assertThat(read.reason()).isEqualTo("Akta \u00e9 \t tab");
		assertThat(read.niks()).containsExactly("3511");
	}

}
