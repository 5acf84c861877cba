package id.niksync.registry.resident;

import java.util.LinkedHashMap;
import java.util.Map;

/** Edits of request bodies (from {@code id.niksync.testsupport.Residents}). */
final class TestResidents {

	private TestResidents() {
	}

	static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(body);
		copy.put(field, value);
		return copy;
	}

}
