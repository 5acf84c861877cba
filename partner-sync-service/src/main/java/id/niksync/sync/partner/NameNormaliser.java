package id.niksync.sync.partner;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as they are compared in verification: case, accents, spacing and punctuation do
 * not count ("SITI AMINAH", "Siti Aminah", "siti-aminah" and "Siti Aminah." are one name;
 * "Nur'aini" is "Nuraini").
 */
final class NameNormaliser {

	private static final Pattern APOSTROPHES = Pattern.compile("['\u2018\u2019`\u00b4]");

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

	private NameNormaliser() {
	}

	static String normalise(String name) {
		if (name == null) {
			return "";
		}
		String decomposed = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
		String joined = APOSTROPHES.matcher(decomposed).replaceAll("");
		return NOT_LETTER_OR_DIGIT.matcher(joined).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
	}

	static boolean same(String a, String b) {
		String normalised = normalise(a);
		return !normalised.isEmpty() && normalised.equals(normalise(b));
	}

}
