package id.niksync.sync.ingest;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;

import id.niksync.access.DatabaseUnavailable;
import id.niksync.schemas.EventDecodingException;
import id.niksync.sync.deadletter.DeadLetterReason;
import id.niksync.sync.system.UnexpectedError;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.kafka.common.errors.RetriableException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a record's failures from the environment's, by kind. The environment's failures
 * (the database or broker unreachable or timing out, the replica breaker open) are
 * retried without end and pause consumption; every other failure belongs to the record. A
 * record failure of a known kind has its {@link DeadLetterReason} and goes to the
 * dead-letter topic at once; one nobody anticipated ({@code UNCLASSIFIED}) after a few
 * attempts.
 */
final class FailureClassifier {

	/** The failures that belong to the record: retrying cannot help. */
	static final List<Class<? extends Exception>> RECORD_FAILURES = List.of(SignatureInvalidException.class,
			EventDecodingException.class, InvalidEventException.class, DataIntegrityViolationException.class);

	private FailureClassifier() {
	}

	/**
	 * SQL states of the environment: connection exceptions (08), insufficient resources
	 * (53), a lock not available (55), operator intervention such as a shutting-down
	 * server or a statement timeout (57), transaction rollbacks from serialization
	 * failures and deadlocks (40).
	 */
	private static final List<String> ENVIRONMENT_SQL_STATES = List.of("08", "40", "53", "55", "57");

	/**
	 * Whether the failure is the environment's: somewhere in its cause chain, a transient
	 * or resource failure of data access, a failure to open a transaction or connection,
	 * a retriable broker error, an I/O failure, the breaker refusing the call, or an
	 * {@link UnexpectedError} other than a stack overflow. Such a failure never sends a
	 * record to the dead-letter topic.
	 */
	static boolean isEnvironmental(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof CallNotPermittedException
					|| cause instanceof RetriableException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException || cause instanceof IOException
					|| cause instanceof java.util.concurrent.TimeoutException) {
				return true;
			}
			if (cause instanceof UnexpectedError unexpected && unexpected.environmental()) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
					&& ENVIRONMENT_SQL_STATES.contains(sql.getSQLState().substring(0, 2))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure says the replica database is away, which is what the replica
	 * breaker counts: the environment's failures except a statement that gave up waiting
	 * for a lock ({@code lock_timeout}). A locked table (an {@code ALTER TABLE}, a
	 * {@code VACUUM FULL} of {@code dead_letter}) is retried like any failure of the
	 * environment, but a database that answers is not away: opening the breaker for it
	 * would pause ingestion for every table and turn health DOWN; nor is a deadlock. Nor
	 * is a pool whose requests' share was all taken (ingestion and the probes serve no
	 * request and never meet that; should one, it says nothing of the database).
	 */
	static boolean isOutage(Throwable ex) {
		return isEnvironmental(ex) && !DatabaseUnavailable.lockWaitTimedOut(ex)
				&& !DatabaseUnavailable.requestShareTaken(ex) && !DatabaseUnavailable.rolledBackForAnother(ex);
	}

	static DeadLetterReason reasonFor(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SignatureInvalidException) {
				return DeadLetterReason.SIGNATURE_INVALID;
			}
			if (cause instanceof EventDecodingException decoding) {
				return switch (decoding.reason()) {
					case UNKNOWN_SCHEMA -> DeadLetterReason.UNKNOWN_SCHEMA;
					case DESERIALIZATION -> DeadLetterReason.DESERIALIZATION;
				};
			}
			if (cause instanceof InvalidEventException invalid) {
				return invalid.reason();
			}
			if (cause instanceof DataIntegrityViolationException) {
				return DeadLetterReason.CONSTRAINT_VIOLATION;
			}
		}
		return DeadLetterReason.UNCLASSIFIED;
	}

}
