package id.niksync.access;

import java.time.Duration;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.ServletWebRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a controller of either service meets when the database goes away mid-request.
 * sign-in is DatabaseOutageIntegrationTests'.)
 */
class ProblemExceptionHandlerTests {

	private final ProblemExceptionHandler handler = new ProblemExceptionHandler() {
	};

	@Test
	void answersNoConnectionWithin503AndRetryAfter() {
		ResponseEntity<Object> answer = this.handler
			.unexpected(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
					new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms",
							new SQLException("Connection refused", "08001"))),
					request());

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "DATABASE_UNAVAILABLE");
	}

	@Test
	void answersAnythingElseUnexpectedWith500() {
		ResponseEntity<Object> answer = this.handler.unexpected(new IllegalStateException("a bug"), request());

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "INTERNAL_ERROR");
	}

	/** A password change checks the current password, as busy as sign-in: not a 500. */
	@Test
	void answersAPasswordCheckTurnedAwayWith503SignInBusy() {
		ResponseEntity<Object> answer = this.handler
			.passwordChecksBusy(new PasswordChecksBusyException(Duration.ofSeconds(1)), request());

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "SIGN_IN_BUSY");
	}

	private static ServletWebRequest request() {
		return new ServletWebRequest(new MockHttpServletRequest(), new MockHttpServletResponse());
	}

}
