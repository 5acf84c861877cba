package id.niksync.access;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTextTests {

	@ParameterizedTest
	@ValueSource(strings = { "replayed after fixing the address", "x", "KK salah — dicek ulang", "line one\nline two",
			"tab\tseparated", "😀 approved", "日本語の理由", "Café\u0301 checked", "❤\uFE0F ok", "한국어 이유" })
	void textThatShowsSomethingIsReadable(String text) {
		assertThat(AuditText.readable(text)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\u200B", "\u200B\u200C\u200D", "\u2060", "\u00A0\u3000", "\u0007", "ok\u0007",
			"ok\u001B[2J", "\u202Eevil", "ok\uFEFF", "\uE000", "\uD800", "\uFE0F\uFE0F", "\u0301\u0302 \u0303",
			"\u3164\u3164", "\u2800", "\u115F\u1160", "\uFFA0", "\u20DD", "\u034F" })
	void textThatShowsNothingOrHidesSomethingIsNot(String text) {
		assertThat(AuditText.readable(text)).isFalse();
		assertThat(AuditText.readableLine(text)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Siti Aminah", "Nyoman Sukarsa-Pradnyā d'Silva", "Café\u0301", "Jl. KH. Wahid Hasyim 12",
			"日本語", "😀" })
	void aNameOnOneLineIsAReadableLine(String text) {
		assertThat(AuditText.readableLine(text)).isTrue();
	}

	/** Readable, but not one line drawn as it is held. */
	@ParameterizedTest
	@ValueSource(strings = { "line one\nline two", "a\r\nb", "tab\tseparated", "Budi\u2028x", "Budi\u2029",
			"Budi\u3164", "Budi\u115F", "Budi\u2800", "Budi\uFFA0", "Bank\u034FX", "Bank\uFE0FX", "Bank\uDB40\uDD00X",
			"Bank\u17B4X", "Bank\u180BX" })
	void aLineBreakOrABlankLetterOrAnInvisibleMarkIsNoReadableLine(String text) {
		assertThat(AuditText.readable(text)).isTrue();
		assertThat(AuditText.readableLine(text)).isFalse();
	}

	/**
	 * Printable ASCII is judged without Unicode's tables: the same verdicts as the tables
	 * give, for every ASCII character alone, between letters, among spaces, and for the
	 * empty text (control characters go to the tables).
	 */
	@Test
	void judgesPrintableAsciiAsUnicodesTablesDo() {
		List<String> texts = new ArrayList<>(List.of("", " ", "   ", "Siti Aminah"));
		for (char c = 0; c < 0x80; c++) {
			texts.add(String.valueOf(c));
			texts.add("a" + c + "b");
			texts.add("  " + c + " ");
		}
		for (String text : texts) {
			assertThat(AuditText.readable(text)).as("readable %s", text.chars().boxed().toList())
				.isEqualTo(AuditText.readableByTables(text));
			assertThat(AuditText.readableLine(text)).as("readableLine %s", text.chars().boxed().toList())
				.isEqualTo(AuditText.readableLineByTables(text));
		}
		assertThat(AuditText.readableLine("Siti Aminah")).isTrue();
		assertThat(AuditText.readableLine("   ")).isFalse();
	}

}
