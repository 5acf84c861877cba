package id.niksync.registry.resident;

import java.util.List;

/**
 * Some residents of a batch are already registered, so none of the batch was. The NIKs
 * are the caller's own input, returned so the import can be corrected; the message leaves
 * them out because messages reach logs.
 */
public class ResidentsAlreadyExistException extends RuntimeException {

	private final List<String> existingNiks;

	ResidentsAlreadyExistException(List<String> existingNiks) {
		super(existingNiks.size() + " resident(s) of the batch are already registered; none of the batch was");
		this.existingNiks = List.copyOf(existingNiks);
	}

	public List<String> existingNiks() {
		return this.existingNiks;
	}

}
