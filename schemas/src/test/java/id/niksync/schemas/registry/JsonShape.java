package id.niksync.schemas.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares two JSON documents by their structure: field names and JSON types, not values.
 */
final class JsonShape {

	private JsonShape() {
	}

	/**
	 * Lists how {@code actual} differs from {@code expected}.
	 * @return one line per difference, empty when the shapes agree
	 */
	static List<String> differences(JsonNode expected, JsonNode actual) {
		List<String> differences = new ArrayList<>();
		compare("$", expected, actual, differences);
		return differences;
	}

	private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
		String expectedKind = kind(expected);
		String actualKind = kind(actual);
		if (!expectedKind.equals(actualKind)) {
			differences.add(path + ": " + actualKind + ", the contract has " + expectedKind);
			return;
		}
		if (expected.isObject()) {
			Set<String> names = new TreeSet<>(names(expected));
			names.addAll(names(actual));
			for (String name : names) {
				if (!expected.has(name)) {
					differences.add(path + "." + name + ": not in the contract");
				}
				else if (!actual.has(name)) {
					differences.add(path + "." + name + ": missing");
				}
				else {
					compare(path + "." + name, expected.get(name), actual.get(name), differences);
				}
			}
		}
		else if (expected.isArray()) {
			if (expected.isEmpty()) {
				throw new IllegalArgumentException(path + ": an example array needs an element to compare with");
			}
			for (int i = 0; i < actual.size(); i++) {
				compare(path + "[" + i + "]", expected.get(0), actual.get(i), differences);
			}
		}
	}

	private static String kind(JsonNode node) {
		if (node.isIntegralNumber()) {
			return "an integer";
		}
		if (node.isNumber()) {
			return "a decimal";
		}
		return "a JSON " + node.getNodeType().name().toLowerCase();
	}

	private static List<String> names(JsonNode object) {
		List<String> names = new ArrayList<>();
		for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
			names.add(it.next());
		}
		return names;
	}

}
