package id.niksync.access;

import java.time.LocalDate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictDatesTests {

	/** As Spring Boot registers them: Java time first, then the application's modules. */
	private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
		.registerModule(new StrictDates());

	private final ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule());

	record Born(LocalDate birthDate) {
	}

	@Test
	void readsADateWrittenYyyyMmDdAndNothingElse() throws Exception {
		assertThat(this.json.readValue("{\"birthDate\":\"1985-08-17\"}", Born.class).birthDate())
			.isEqualTo(LocalDate.of(1985, 8, 17));
		assertThat(this.json.readValue("{\"birthDate\":\"-5000-06-05\"}", Born.class).birthDate().getYear())
			.isEqualTo(-5000);
		assertThat(this.json.readValue("{\"birthDate\":null}", Born.class).birthDate()).isNull();
		for (String other : new String[] { "\"1985-08-17T00:00:00Z\"", "[1985,8,17]", "\" 1985-08-17\"",
				"\"1985-08-17 \"", "\"\\t1985-08-17\"", "5707", "\"1985-02-30\"", "\"17-08-1985\"", "\"+01985-08-17\"",
				"\"-01985-08-17\"", "\"+1985-08-17\"", "\"1985-8-17\"" }) {
			String body = "{\"birthDate\":" + other + "}";
			assertThatExceptionOfType(MismatchedInputException.class).as(other)
				.isThrownBy(() -> this.json.readValue(body, Born.class));
		}
	}

	@Test
	void jacksonAloneReadsOtherSpellings() throws Exception {
		assertThat(this.plain.readValue("{\"birthDate\":\"1985-08-17T00:00:00Z\"}", Born.class).birthDate())
			.isEqualTo(LocalDate.of(1985, 8, 17));
		assertThat(this.plain.readValue("{\"birthDate\":[1985,8,17]}", Born.class).birthDate())
			.isEqualTo(LocalDate.of(1985, 8, 17));
	}

}
