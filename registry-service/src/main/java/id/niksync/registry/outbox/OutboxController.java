package id.niksync.registry.outbox;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OutboxController {

	private final OutboxBacklog backlog;

	OutboxController(OutboxBacklog backlog) {
		this.backlog = backlog;
	}

	@GetMapping("/ops/outbox")
	OutboxBacklog.Snapshot outbox() {
		return this.backlog.snapshot();
	}

}
