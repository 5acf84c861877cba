package id.niksync.access;

import java.util.List;

import id.niksync.access.PasswordViolation.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

	private static final PasswordPolicy policy = PasswordPolicy.standard();

	private static List<Code> codes(String username, String password) {
		return policy.check(username, password).stream().map(PasswordViolation::code).toList();
	}

	@Test
	void acceptsALongUnusualPassword() {
		assertThat(policy.check("siti.operator", "kopi tubruk di pagi hari")).isEmpty();
	}

	@Test
	void acceptsTheProductsFixedDemoPasswords() {
		assertThat(policy.check("demo-admin", "demo-admin-password")).isEmpty();
		assertThat(policy.check("demo-operator", "demo-operator-password")).isEmpty();
	}

	@Test
	void acceptsEveryDemoAndServicePasswordTheLocalStackUses() {
		assertThat(policy.check("demo-registrar", "demo-registrar-password")).isEmpty();
		assertThat(policy.check("demo-supervisor", "demo-supervisor-password")).isEmpty();
		assertThat(policy.check("partner-sync", "demo-partner-sync-service-password")).isEmpty();
	}

	@Test
	void refusesPasswordsMadeOfRepeatsAndRuns() {
		for (String weak : new String[] { "abcabcabcabcde", "1234512345abcde", "!!!!!!!!!!!!abcd",
				"aaaaabbbbbcccccdddddeeeee" }) {
			assertThat(codes("siti", weak)).as(weak).containsExactly(Code.PASSWORD_TOO_WEAK);
		}
	}

	@Test
	void refusesIndonesianWordsPeopleBuildPasswordsOn() {
		for (String common : new String[] { "indonesia1945", "rahasia12345", "Merdeka17081945", "bondowoso2026",
				"Rahasia-Rahasia", "Merdeka!Merdeka!", "indonesiaraya45", "r4h4s14-12345", "Jawa-Timur-2026" }) {
			assertThat(codes("siti", common)).as(common).contains(Code.PASSWORD_TOO_COMMON);
		}
	}

	/**
	 * Twelve lone surrogates passed every rule as twelve different characters and were
	 * hashed as twelve question marks (attack run 2026-12-06).
	 */
	@Test
	void refusesUnpairedSurrogatesAndTakesPairs() {
		String lone = "\udc01\udc07\udc03\udc0f\udc05\udc1a\udc02\udc11\udc09\udc14\udc0b\udc1c";
		assertThat(codes("siti", lone)).containsExactly(Code.PASSWORD_TEXT_INVALID);
		assertThat(codes("siti", "\ud800Strong-Pass-9393")).containsExactly(Code.PASSWORD_TEXT_INVALID);
		assertThat(codes("siti", "Strong-Pass-9393\udbff")).containsExactly(Code.PASSWORD_TEXT_INVALID);
		assertThat(codes("siti", "Strong-\udc00\ud800-Pass-9393")).containsExactly(Code.PASSWORD_TEXT_INVALID);
		assertThat(codes("siti", "Strong-\ud83d\ude00-Pass-9393")).as("a pair: one emoji").isEmpty();
	}

	@Test
	void refusesFewerThanTwelveCharacters() {
		assertThat(codes("siti", "Kx9#mPq2!vL")).containsExactly(Code.PASSWORD_TOO_SHORT);
		assertThat(codes("siti", null)).contains(Code.PASSWORD_TOO_SHORT);
	}

	@Test
	void countsCharactersNotUtf16Units() {
		// 11 characters, 22 UTF-16 units (and a run of neighbours: weak as well)
		assertThat(codes("siti", "😀😁😂🤣😃😄😅😆😉😊😋")).contains(Code.PASSWORD_TOO_SHORT);
	}

	@Test
	void refusesMoreThanBcryptReads() {
		assertThat(codes("siti", "kopi tubruk ".repeat(6) + "x")).containsExactly(Code.PASSWORD_TOO_LONG);
		assertThat(policy.check("siti", "kopi tubruk ".repeat(6))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "aaaaaaaaaaaa", "abababababab", "aaaaaaaaaaab", "123456789012", "abcdefghijkl",
			"zyxwvutsrqpo", "987654321098", "qwertyuiopas", "QWERTYUIOPAS", "lkjhgfdsapoi", "qazwsxedcrfv" })
	void refusesTriviallyWeakPasswords(String password) {
		assertThat(codes("siti", password)).contains(Code.PASSWORD_TOO_WEAK);
	}

	@Test
	void refusesTheUsernameWithTooLittleElse() {
		assertThat(codes("budi.santoso", "budi.santoso")).contains(Code.PASSWORD_CONTAINS_USERNAME);
		assertThat(codes("budi.santoso", "BUDI.SANTOSO")).contains(Code.PASSWORD_CONTAINS_USERNAME);
		assertThat(codes("budi.santoso", "osotnas.idub")).contains(Code.PASSWORD_CONTAINS_USERNAME);
		assertThat(codes("budi.santoso", "budi.santoso1234")).containsExactly(Code.PASSWORD_CONTAINS_USERNAME);
		assertThat(codes("budi", "budi-aaaaaaaaaa")).containsExactly(Code.PASSWORD_CONTAINS_USERNAME);
	}

	@Test
	void acceptsAUsernameWithEnoughElse() {
		assertThat(policy.check("budi", "budi kopi tubruk")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "iloveyou1234", "Password2024!", "!!baseball!!", "1234qwerty1234", "passw0rd2024" })
	void refusesCommonPasswordsAlsoWithDigitsOrSymbolsAround(String password) {
		assertThat(codes("siti", password)).contains(Code.PASSWORD_TOO_COMMON);
	}

	@Test
	void listsEveryRuleBroken() {
		assertThat(codes("aaaa", "aaaa")).containsExactlyInAnyOrder(Code.PASSWORD_TOO_SHORT, Code.PASSWORD_TOO_WEAK,
				Code.PASSWORD_CONTAINS_USERNAME);
	}

	@Test
	void neverQuotesThePassword() {
		assertThat(policy.check("siti", "iloveyou1234")).extracting(PasswordViolation::message)
			.noneMatch((message) -> message.contains("iloveyou"));
	}

}
