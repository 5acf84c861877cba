package id.niksync.sync.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.sync.audit.OperatorAudit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One dead letter with its payload decoded, its headers, and its replay chain (the
 * letters it replays and those its replays became): personal data (KK number, religion,
 * address), so reading it is audited in the transaction that reads it; no audit row, no
 * answer.
 */
@Component
class DeadLetterDetails {

	private final DeadLetters deadLetters;

	private final OperatorAudit audit;

	private final NikChangedCodec codec;

	DeadLetterDetails(DeadLetters deadLetters, OperatorAudit audit, NikChangedCodec codec) {
		this.deadLetters = deadLetters;
		this.audit = audit;
		this.codec = codec;
	}

	@Transactional
	Map<String, Object> show(long id, String operator) {
		DeadLetter letter = this.deadLetters.find(id).orElseThrow(() -> new DeadLetterNotFoundException(id));
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("deadLetter", letter);
		DeadLetters.Original original = this.deadLetters.original(id);
		detail.put("recordKey", original.keyText());
		String keyHex = original.keyHexIfNotUtf8();
		if (keyHex != null) {
			detail.put("recordKeyHex", keyHex);
		}
		detail.putAll(this.deadLetters.failure(id));
		detail.put("payload", PayloadView.of(original.payload(), this.codec));
		detail.put("headers", DeadLetterHeaders.view(this.deadLetters.headers(id)));
		detail.put("replayChain", this.deadLetters.chain(id));
		this.audit.record(operator, "DEAD_LETTER_VIEW", DeadLetterReplayer.target(id), null, null);
		return detail;
	}

}
