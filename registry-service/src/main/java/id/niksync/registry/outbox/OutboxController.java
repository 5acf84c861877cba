package id.niksync.registry.outbox;

import id.niksync.schemas.registry.OutboxStatus;
import id.niksync.schemas.registry.RegistryApi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OutboxController {

	private final OutboxBacklog backlog;

	OutboxController(OutboxBacklog backlog) {
		this.backlog = backlog;
	}

	@GetMapping(RegistryApi.OUTBOX)
	OutboxStatus outbox() {
		return this.backlog.snapshot();
	}

}
