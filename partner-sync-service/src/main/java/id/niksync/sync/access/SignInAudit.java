package id.niksync.sync.access;

import java.time.Duration;
import java.time.ZoneOffset;

import id.niksync.access.SignInAttempt;
import id.niksync.access.SignInAuditor;
import id.niksync.access.SignInOutcome;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sign_in_audit table. Every refused sign-in is a row. Operators sign in with HTTP
 * Basic on every request (the dashboard polls every few seconds), so a successful sign-in
 * is a row only when the same account has none from the same client address within the
 * window: who signed in from where and when stays visible without a row per request.
 */
@Component
class SignInAudit implements SignInAuditor {

	private final JdbcClient jdbc;

	private final Duration successWindow;

	SignInAudit(JdbcClient jdbc, AccessProperties properties) {
		this.jdbc = jdbc;
		this.successWindow = properties.successAuditWindow();
	}

	@Override
	public void record(SignInAttempt attempt) {
		if (attempt.outcome() != SignInOutcome.SUCCESS) {
			this.jdbc.sql("INSERT INTO sign_in_audit (at, username, outcome, client_address) VALUES (?, ?, ?, ?)")
				.params(attempt.at().atOffset(ZoneOffset.UTC), attempt.username(), attempt.outcome().name(),
						attempt.clientAddress())
				.update();
			return;
		}
		this.jdbc.sql("""
				INSERT INTO sign_in_audit (at, username, outcome, client_address)
				SELECT CAST(:at AS TIMESTAMPTZ), CAST(:username AS VARCHAR), 'SUCCESS', CAST(:client AS VARCHAR)
				WHERE NOT EXISTS (SELECT 1 FROM sign_in_audit
				    WHERE username = :username AND outcome = 'SUCCESS' AND at > :since
				    AND client_address IS NOT DISTINCT FROM CAST(:client AS VARCHAR))""")
			.param("at", attempt.at().atOffset(ZoneOffset.UTC))
			.param("username", attempt.username())
			.param("client", attempt.clientAddress())
			.param("since", attempt.at().minus(this.successWindow).atOffset(ZoneOffset.UTC))
			.update();
	}

}
