package id.niksync.registry.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a controller meets when the database goes away mid-request. (An outage met at
 * sign-in is DatabaseOutageIntegrationTests'.)
 */
class ApiExceptionHandlerTests {

	private final ApiExceptionHandler handler = new ApiExceptionHandler();

	@Test
	void answersNoConnectionWithin503AndRetryAfter() {
		ResponseEntity<ProblemDetail> answer = this.handler
			.unexpected(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
					new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms",
							new SQLException("Connection refused", "08001"))));

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(answer.getBody().getProperties()).containsEntry("code", "DATABASE_UNAVAILABLE");
	}

	@Test
	void answersAnythingElseUnexpectedWith500() {
		ResponseEntity<ProblemDetail> answer = this.handler.unexpected(new IllegalStateException("a bug"));

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(answer.getBody().getProperties()).containsEntry("code", "INTERNAL_ERROR");
	}

}
