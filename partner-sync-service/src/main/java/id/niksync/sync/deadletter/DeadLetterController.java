package id.niksync.sync.deadletter;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.sync.audit.Operators;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Sync operators' view of the dead letters, and their actions on them. */
@RestController
@RequestMapping("/ops/dead-letters")
@Validated
class DeadLetterController {

	private final DeadLetters deadLetters;

	private final DeadLetterReplayer replayer;

	private final NikChangedCodec codec;

	DeadLetterController(DeadLetters deadLetters, DeadLetterReplayer replayer, NikChangedCodec codec) {
		this.deadLetters = deadLetters;
		this.replayer = replayer;
		this.codec = codec;
	}

	@GetMapping
	DeadLetters.Page list(@RequestParam(required = false) DeadLetterStatus status,
			@RequestParam(required = false) DeadLetterReason reason, @RequestParam(required = false) String nik,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
		return this.deadLetters.page(new DeadLetterFilter(status, reason, nik, from, to), page, size);
	}

	@GetMapping("/{id}")
	Map<String, Object> detail(@PathVariable long id) {
		DeadLetter letter = this.deadLetters.find(id).orElseThrow(() -> new DeadLetterNotFoundException(id));
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("deadLetter", letter);
		DeadLetters.Original original = this.deadLetters.original(id);
		detail.put("recordKey", original.key());
		detail.putAll(this.deadLetters.failure(id));
		detail.put("payload", PayloadView.of(original.payload(), this.codec));
		return detail;
	}

	@PostMapping("/{id}/replay")
	DeadLetter replay(@PathVariable long id, Principal operator, @RequestBody(required = false) ActionRequest request) {
		return this.replayer.replay(id, Operators.of(operator), (request != null) ? request.reason() : null);
	}

	@PostMapping("/replay")
	DeadLetterReplayer.BulkReplay replayMatching(@RequestBody BulkReplayRequest request, Principal operator) {
		DeadLetterFilter filter = new DeadLetterFilter(
				(request.status() != null) ? request.status() : DeadLetterStatus.PENDING, request.reason(),
				request.nik(), request.from(), request.to());
		return this.replayer.replayMatching(filter, Boolean.TRUE.equals(request.dryRun()), Operators.of(operator),
				request.why());
	}

	@PostMapping("/{id}/discard")
	DeadLetter discard(@PathVariable long id, Principal operator, @RequestBody ActionRequest request) {
		if (request == null || request.reason() == null || request.reason().isBlank()) {
			throw new ReasonRequiredException();
		}
		return this.replayer.discard(id, Operators.of(operator), request.reason());
	}

	/** Why the operator acts; required to discard, optional to replay. */
	record ActionRequest(String reason) {
	}

	/**
	 * Replay by filter. {@code status} defaults to PENDING; {@code why} is the operator's
	 * reason for the audit trail ({@code reason} filters by reason code).
	 */
	record BulkReplayRequest(DeadLetterStatus status, DeadLetterReason reason, String nik, Instant from, Instant to,
			Boolean dryRun, String why) {
	}

}
