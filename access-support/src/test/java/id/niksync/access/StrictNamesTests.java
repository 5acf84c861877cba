package id.niksync.access;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictNamesTests {

	enum Sex {

		MALE, FEMALE

	}

	record Person(Sex sex, Set<Sex> others) {
	}

	private final ObjectMapper json = new ObjectMapper().registerModule(new StrictNames());

	private final ObjectMapper plain = new ObjectMapper();

	@Test
	void readsANameOnlyAsItIsWritten() throws Exception {
		assertThat(this.json.readValue("{\"sex\":\"MALE\",\"others\":[\"FEMALE\"]}", Person.class))
			.isEqualTo(new Person(Sex.MALE, Set.of(Sex.FEMALE)));
		assertThat(this.json.readValue("{\"sex\":null}", Person.class).sex()).isNull();
		for (String body : List.of("{\"sex\":\" MALE\"}", "{\"sex\":\"MALE\\t\"}", "{\"sex\":\"MALE\\n\"}",
				"{\"others\":[\" FEMALE\"]}", "{\"sex\":\"\\u00a0MALE\"}", "{\"sex\":\"MALE\\u0000\"}",
				"{\"sex\":\"\\u0001MALE\"}", "{\"sex\":\"MALE\\u001b\"}")) {
			assertThatExceptionOfType(InvalidFormatException.class).as(body)
				.isThrownBy(() -> this.json.readValue(body, Person.class));
		}
	}

	@Test
	void jacksonAloneTrimsAName() throws Exception {
		assertThat(this.plain.readValue("{\"sex\":\" MALE\\t\"}", Person.class).sex()).isEqualTo(Sex.MALE);
	}

}
