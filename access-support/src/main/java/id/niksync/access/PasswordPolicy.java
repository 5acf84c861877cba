package id.niksync.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import id.niksync.access.PasswordViolation.Code;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Which passwords an account may have, wherever one is set (the API, a change of one's
 * own, bootstrap configuration):
 * <ul>
 * <li>at least {@value #MIN_LENGTH} characters, at most {@value #MAX_BYTES} bytes in
 * UTF-8 (BCrypt reads no more, so a longer one would be accepted but only partly
 * checked);</li>
 * <li>not trivially weak: fewer than {@value #MIN_DISTINCT} different characters
 * ({@code aaaaaaaaaaaa}, {@code abababababab}), a sequence ({@code 123456789012},
 * {@code abcdefghijkl}, descending too), part of a keyboard row, or fewer than
 * {@value #MIN_UNPREDICTABLE} characters that do not follow from the ones before
 * ({@code abcabcabcabcde}, {@code !!!!!!!!!!!!abcd});</li>
 * <li>the username counts for nothing: with the username (or it reversed, any case) taken
 * out, at least {@value #MIN_BEYOND_USERNAME} characters must remain and they must not be
 * trivially weak themselves. So {@code demo-admin} / {@code demo-admin} and
 * {@code budi.santoso} / {@code budi.santoso1234} are refused, while the product's fixed
 * demo credential {@code demo-admin} / {@code demo-admin-password} passes;</li>
 * <li>not one of the most common passwords ({@code common-passwords.txt}: zxcvbn's and
 * Indonesian words such as {@code rahasia}, {@code merdeka}), also not with digits or
 * symbols before or after it ({@code Password2024!}).</li>
 * </ul>
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 12;

	public static final int MAX_BYTES = 72;

	static final int MIN_DISTINCT = 5;

	static final int MIN_BEYOND_USERNAME = 8;

	static final int MIN_UNPREDICTABLE = 6;

	static final int REPEAT_REACH = 4;

	private static final Pattern LEADING_WORD = Pattern.compile("[^\\p{L}\\p{N}]*([\\p{L}\\p{N}]+)(.*)");

	private static final String COMMON_PASSWORDS = "common-passwords.txt";

	private static final List<String> KEYBOARD_ROWS = List.of("1234567890qwertyuiopasdfghjklzxcvbnm",
			"qazwsxedcrfvtgbyhnujmikolp");

	private final Set<String> common;

	/**
	 * @param commonPasswords refused as they are and with digits or symbols around them,
	 * compared in lower case
	 */
	public PasswordPolicy(Set<String> commonPasswords) {
		this.common = commonPasswords.stream().map(PasswordPolicy::lower).collect(Collectors.toUnmodifiableSet());
	}

	/** The policy with the shipped list of common passwords. */
	public static PasswordPolicy standard() {
		return new PasswordPolicy(commonPasswords());
	}

	/**
	 * @param username whose password it is (may be {@code null} when not known yet)
	 * @return every rule the password breaks; empty when it may be set
	 */
	public List<PasswordViolation> check(String username, String password) {
		List<PasswordViolation> violations = new ArrayList<>();
		String candidate = (password != null) ? password : "";
		if (hasUnpairedSurrogate(candidate)) {
			// checked as the text it is not: the hash is of ? in their place
			return List.of(new PasswordViolation(Code.PASSWORD_TEXT_INVALID,
					"A password may not hold unpaired surrogates (U+D800 to U+DFFF alone), which cannot be"
							+ " stored as they are"));
		}
		if (candidate.codePointCount(0, candidate.length()) < MIN_LENGTH) {
			violations.add(new PasswordViolation(Code.PASSWORD_TOO_SHORT,
					"A password needs at least " + MIN_LENGTH + " characters"));
		}
		if (candidate.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			violations.add(new PasswordViolation(Code.PASSWORD_TOO_LONG,
					"A password may have at most " + MAX_BYTES + " bytes in UTF-8"));
		}
		String lower = lower(candidate);
		if (!candidate.isEmpty() && triviallyWeak(lower)) {
			violations.add(new PasswordViolation(Code.PASSWORD_TOO_WEAK, "A password needs " + MIN_DISTINCT
					+ " different characters and may not be a sequence" + " or a keyboard row"));
		}
		if (leansOnUsername(lower, username)) {
			violations.add(new PasswordViolation(Code.PASSWORD_CONTAINS_USERNAME,
					"Without the username a password needs at least " + MIN_BEYOND_USERNAME
							+ " characters that are not trivially weak"));
		}
		if (variants(lower).stream().anyMatch(this.common::contains)) {
			violations.add(new PasswordViolation(Code.PASSWORD_TOO_COMMON, "This password is too common"));
		}
		return violations;
	}

	/**
	 * Whether {@code raw}, given as the current password to change it, is the password
	 * {@code hash} was made from. Never with an unpaired surrogate: BCrypt hashed it as
	 * {@code ?}, so it would match a {@code ?} (second attack run, 2026-12-06).
	 */
	public static boolean isCurrent(PasswordEncoder passwords, String raw, String hash) {
		return raw != null && !hasUnpairedSurrogate(raw) && passwords.matches(raw, hash);
	}

	/**
	 * Whether {@code text} holds half of a UTF-16 surrogate pair without the other, which
	 * UTF-8 (and so BCrypt) cannot hold: it reads as {@code ?}.
	 */
	static boolean hasUnpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	static boolean triviallyWeak(String lower) {
		return lower.codePoints().distinct().count() < MIN_DISTINCT || sequence(lower)
				|| unpredictable(lower) < MIN_UNPREDICTABLE
				|| KEYBOARD_ROWS.stream()
					.anyMatch((row) -> row.contains(lower)
							|| new StringBuilder(row).reverse().toString().contains(lower));
	}

	/**
	 * The characters a guesser could not get from the ones before: not the same as, next
	 * to or before the previous one ({@code aaaa}, {@code 1234}, {@code dcba}), and not a
	 * repeat of one of the last {@value #REPEAT_REACH} ({@code abcabc},
	 * {@code abcdabcd}). {@code aaaaabbbbbccccc} has 1.
	 */
	static int unpredictable(String lower) {
		int[] chars = lower.codePoints().toArray();
		int count = 0;
		for (int i = 0; i < chars.length; i++) {
			boolean predictable = i > 0 && Math.abs(chars[i] - chars[i - 1]) <= 1;
			for (int back = 2; !predictable && back <= REPEAT_REACH && back <= i; back++) {
				predictable = chars[i] == chars[i - back];
			}
			if (!predictable) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Each character one step from the one before, all up or all down; 9 to 0 is one up.
	 */
	private static boolean sequence(String lower) {
		if (lower.length() < 2) {
			return true;
		}
		int direction = step(lower.charAt(0), lower.charAt(1));
		if (direction != 1 && direction != -1) {
			return false;
		}
		for (int i = 2; i < lower.length(); i++) {
			if (step(lower.charAt(i - 1), lower.charAt(i)) != direction) {
				return false;
			}
		}
		return true;
	}

	private static int step(char from, char to) {
		if (Character.isDigit(from) && Character.isDigit(to)) {
			int up = Math.floorMod(to - from, 10);
			return (up == 9) ? -1 : up;
		}
		return to - from;
	}

	private static boolean leansOnUsername(String lower, String username) {
		if (username == null || username.isBlank() || lower.isEmpty()) {
			return false;
		}
		String name = lower(username.trim());
		String rest = lower.replace(name, "").replace(new StringBuilder(name).reverse(), "");
		if (rest.equals(lower)) {
			return false;
		}
		return rest.codePointCount(0, rest.length()) < MIN_BEYOND_USERNAME || triviallyWeak(rest);
	}

	/** Without the digits and symbols before and after the letters. */
	/**
	 * The ways a common word hides in a password: as it is, with digits or symbols around
	 * it, with them in between ({@code Jawa-Timur-2026}), written in digits
	 * ({@code r4h4s14}), or twice ({@code Rahasia-Rahasia}).
	 */
	private static Set<String> variants(String lower) {
		Set<String> variants = new HashSet<>();
		for (String form : List.of(lower, unleet(lower))) {
			variants.add(form);
			variants.add(undecorated(form));
			String letters = form.replaceAll("[^\\p{L}]+", "");
			variants.add(letters);
			int half = letters.length() / 2;
			if (letters.length() % 2 == 0 && letters.substring(0, half).equals(letters.substring(half))) {
				variants.add(letters.substring(0, half));
			}
		}
		// One word in digits, then only digits or symbols: r4h4s14-12345.
		Matcher word = LEADING_WORD.matcher(lower);
		if (word.matches() && !word.group(2).codePoints().anyMatch(Character::isLetter)) {
			variants.add(unleet(word.group(1)));
		}
		variants.remove("");
		return variants;
	}

	private static String unleet(String lower) {
		StringBuilder plain = new StringBuilder(lower.length());
		lower.codePoints().forEach((c) -> plain.appendCodePoint(switch (c) {
			case '4', '@' -> 'a';
			case '1', '!' -> 'i';
			case '3' -> 'e';
			case '0' -> 'o';
			case '5', '$' -> 's';
			case '7' -> 't';
			default -> c;
		}));
		return plain.toString();
	}

	private static String undecorated(String lower) {
		return lower.replaceAll("^[^\\p{L}]+", "").replaceAll("[^\\p{L}]+$", "");
	}

	private static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}

	private static Set<String> commonPasswords() {
		try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
			if (in == null) {
				throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
			}
			return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.collect(Collectors.toUnmodifiableSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
