package id.niksync.access;

import java.time.Instant;
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

	record Since(Instant from) {
	}

	@Test
	void readsAnInstantAsIso8601TextWithAnOffsetAndNothingElse() throws Exception {
		Instant midnight = Instant.parse("2026-12-05T00:00:00Z");
		for (String same : new String[] { "2026-12-05T00:00:00Z", "2026-12-05T07:00:00+07:00", "2026-12-05T00:00Z" }) {
			assertThat(this.json.readValue("{\"from\":\"" + same + "\"}", Since.class).from()).as(same)
				.isEqualTo(midnight);
		}
		assertThat(this.json.readValue("{\"from\":\"2026-12-05T00:00:00.123456Z\"}", Since.class).from())
			.isEqualTo(midnight.plusNanos(123_456_000));
		assertThat(this.json.readValue("{\"from\":null}", Since.class).from()).isNull();
		// outside 0000-9999 as LocalDate writes it, for the field's range check to name
		assertThat(this.json.readValue("{\"from\":\"+300000-01-01T00:00:00Z\"}", Since.class).from())
			.isAfter(Instant.parse("9999-12-31T23:59:59Z"));
		assertThat(this.json.readValue("{\"from\":\"-5000-01-01T00:00:00Z\"}", Since.class).from())
			.isBefore(Instant.parse("0000-01-01T00:00:00Z"));
		for (String other : new String[] { "20261205", "1.5", "-1", "\"0\"", "\"1.5\"", "\" 2026-12-05T00:00:00Z\"",
				"\"2026-12-05T00:00:00Z \"", "\"+02026-12-05T00:00:00Z\"", "\"2026-12-05\"", "\"2026-12-05T00:00:00\"",
				"[2026,12,5]", "true", "\"2026-12-05T00:00:00 Z\"", "\"2026-12-05T00:00:00.Z\"",
				"\"2026-12-05T07:00:00.+07:00\"" }) {
			String body = "{\"from\":" + other + "}";
			assertThatExceptionOfType(MismatchedInputException.class).as(other)
				.isThrownBy(() -> this.json.readValue(body, Since.class));
		}
		// what Jackson alone made of a number: seconds since 1970
		assertThat(this.plain.readValue("{\"from\":20261205}", Since.class).from())
			.isEqualTo(Instant.ofEpochSecond(20261205));
	}

	@Test
	void jacksonAloneReadsOtherSpellings() throws Exception {
		assertThat(this.plain.readValue("{\"birthDate\":\"1985-08-17T00:00:00Z\"}", Born.class).birthDate())
			.isEqualTo(LocalDate.of(1985, 8, 17));
		assertThat(this.plain.readValue("{\"birthDate\":[1985,8,17]}", Born.class).birthDate())
			.isEqualTo(LocalDate.of(1985, 8, 17));
	}

}
