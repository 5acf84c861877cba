package id.niksync.sync.deadletter;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import id.niksync.access.NullRefused;
import id.niksync.sync.audit.Operators;
import id.niksync.sync.audit.Reasons;
import id.niksync.sync.system.CodedProblemException;
import id.niksync.sync.system.InstantFilters;
import id.niksync.sync.system.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync operators' view of the dead letters, and their actions on them: each action takes
 * a JSON body with the operator's reason.
 */
@RestController
@RequestMapping("/ops/dead-letters")
@Validated
class DeadLetterController {

	private final DeadLetters deadLetters;

	private final DeadLetterReplayer replayer;

	private final DeadLetterDetails details;

	DeadLetterController(DeadLetters deadLetters, DeadLetterReplayer replayer, DeadLetterDetails details) {
		this.deadLetters = deadLetters;
		this.replayer = replayer;
		this.details = details;
	}

	/**
	 * {@code reasonCode} filters by reason code; {@code reason}, its old name, is
	 * refused, since everywhere else it is the operator's justification.
	 */
	@GetMapping
	DeadLetters.Page list(@RequestParam(required = false) DeadLetterStatus status,
			@RequestParam(required = false) DeadLetterReason reasonCode,
			@RequestParam(name = "reason", required = false) String renamed, @RequestParam(required = false) String nik,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		// an empty reason= is not given, as for every other parameter
		if (renamed != null && !renamed.isEmpty()) {
			throw new RenamedFieldException();
		}
		// an empty nik= is not given, as for every other parameter
		String nikFilter = checkNik((nik == null || nik.isEmpty()) ? null : nik);
		InstantFilters.check(from, to);
		return this.deadLetters.page(new DeadLetterFilter(status, reasonCode, nikFilter, from, to), page, size);
	}

	@GetMapping("/{id}")
	Map<String, Object> detail(@PathVariable long id, Principal operator) {
		return this.details.show(id, Operators.of(operator));
	}

	@PostMapping("/{id}/replay")
	DeadLetter replay(@PathVariable long id, Principal operator, @RequestBody ActionRequest request) {
		return this.replayer.replay(id, Operators.of(operator),
				Reasons.required(request.reason(), "Replaying a dead letter"));
	}

	@PostMapping("/replay")
	DeadLetterReplayer.BulkReplay replayMatching(@RequestBody BulkReplayRequest request, Principal operator) {
		if (request.why() != null) {
			throw new RenamedFieldException();
		}
		String reason = Reasons.required(request.reason(), "Replaying dead letters");
		checkNik(request.nik());
		InstantFilters.check(request.from(), request.to());
		DeadLetterFilter filter = new DeadLetterFilter(
				(request.status() != null) ? request.status() : DeadLetterStatus.PENDING, request.reasonCode(),
				request.nik(), request.from(), request.to());
		return this.replayer.replayMatching(filter, Boolean.TRUE.equals(request.dryRun()), Operators.of(operator),
				reason);
	}

	@PostMapping("/{id}/discard")
	DeadLetter discard(@PathVariable long id, Principal operator, @RequestBody ActionRequest request) {
		return this.replayer.discard(id, Operators.of(operator),
				Reasons.required(request.reason(), "Discarding a dead letter"));
	}

	/**
	 * A NIK to match whole (1 to 16 digits: a shorter one matches none, and is not read
	 * as a prefix), or {@code null} for none.
	 * @return {@code nik}
	 */
	private static String checkNik(String nik) {
		if (nik != null && !nik.matches("[0-9]{1,16}")) {
			throw new CodedProblemException(Problems.validationFailed(
					List.of(Problems.violation("nik", "FIELD_INVALID", "must be 1 to 16 digits (0-9)"))), null);
		}
		return nik;
	}

	/** Why the operator acts (required). */
	record ActionRequest(String reason) {
	}

	/**
	 * Replay by filter: {@code reasonCode}, {@code status} (default PENDING),
	 * {@code nik}, {@code from}, {@code to} select; {@code reason} is the operator's
	 * reason, as for every action. A filter, and {@code dryRun}, is left out or given:
	 * {@code null} is refused ({@link NullRefused}), since read as left out,
	 * {@code "nik":null} replayed every pending letter (code review, 2026-12-06) and
	 * {@code "dryRun":null} was a real replay (attack run 2026-12-05). {@code "true"} and
	 * {@code 1} are no boolean ({@code allow-coercion-of-scalars} off).
	 *
	 * @param why the operator's reason under its old name: refused, so that a client
	 * written for it cannot have its reason-code filter taken for the reason and replay
	 * more than it asked for
	 */
	record BulkReplayRequest(@JsonDeserialize(using = NullRefused.class) DeadLetterStatus status,
			@JsonDeserialize(using = NullRefused.class) DeadLetterReason reasonCode,
			@JsonDeserialize(using = NullRefused.class) String nik,
			@JsonDeserialize(using = NullRefused.class) Instant from,
			@JsonDeserialize(using = NullRefused.class) Instant to,
			@JsonDeserialize(using = NullRefused.class) Boolean dryRun, String reason, String why) {
	}

	/**
	 * A request in the shape before the reason-code filter became {@code reasonCode}.
	 */
	static class RenamedFieldException extends CodedProblemException {

		RenamedFieldException() {
			super(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
					"The reason-code filter is reasonCode; reason is the operator's justification (and why is now reason)");
		}

	}

}
