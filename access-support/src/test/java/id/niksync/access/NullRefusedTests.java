package id.niksync.access;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NullRefusedTests {

	private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
		.registerModule(new StrictDates());

	record Rotation(@JsonDeserialize(using = NullRefused.class) Long graceSeconds,
			@JsonDeserialize(using = NullRefused.class) Instant from, String reason) {
	}

	record Plain(Long graceSeconds) {
	}

	record Primitive(@JsonDeserialize(using = NullRefused.class) long count) {
	}

	@Test
	void readsAValueAsItsTypeReadsIt() throws Exception {
		Rotation read = this.json.readValue("{\"graceSeconds\":3600,\"from\":\"2026-12-05T00:00:00Z\"}",
				Rotation.class);

		assertThat(read.graceSeconds()).isEqualTo(3600L);
		assertThat(read.from()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
		// the type's own rules still hold
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.json.readValue("{\"from\":\"2026-12-05T00:00:00.Z\"}", Rotation.class));
	}

	@Test
	void takesAFieldLeftOutAsNotGiven() throws Exception {
		Rotation read = this.json.readValue("{\"reason\":\"yearly\"}", Rotation.class);

		assertThat(read.graceSeconds()).isNull();
		assertThat(read.from()).isNull();
		// as the type reads one left out
		assertThat(this.json.readValue("{}", Primitive.class).count()).isZero();
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.json.readValue("{\"count\":null}", Primitive.class));
	}

	@Test
	void refusesNullNamingTheField() throws Exception {
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.json.readValue("{\"graceSeconds\":null,\"reason\":\"yearly\"}", Rotation.class))
			.withMessageContaining("graceSeconds is left out or given a value; null is neither");
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.json.readValue("{\"from\":null}", Rotation.class))
			.withMessageContaining("from is left out");
		// without it, null was taken for left out
		assertThat(new ObjectMapper().readValue("{\"graceSeconds\":null}", Plain.class).graceSeconds()).isNull();
	}

}
