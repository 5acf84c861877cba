package id.niksync.sync.partner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameNormaliserTests {

	@Test
	void ignoresCaseSpacingAndPunctuation() {
		assertThat(NameNormaliser.normalise("  SITI   Aminah ")).isEqualTo("siti aminah");
		assertThat(NameNormaliser.same("Siti-Aminah", "Siti Aminah")).isTrue();
		assertThat(NameNormaliser.same("Siti Aminah.", "siti aminah")).isTrue();
		assertThat(NameNormaliser.same("H. Abd. Rahman, S.Pd.", "H Abd Rahman S Pd")).isTrue();
	}

	@Test
	void dropsApostrophesAndAccentsInsteadOfSplittingWords() {
		assertThat(NameNormaliser.same("Nur'aini", "Nuraini")).isTrue();
		assertThat(NameNormaliser.same("Nur’aini", "NURAINI")).isTrue();
		assertThat(NameNormaliser.same("Désirée", "Desiree")).isTrue();
	}

	@Test
	void keepsLettersThatMatter() {
		assertThat(NameNormaliser.same("Siti Aminah", "Siti Aminah Putri")).isFalse();
		assertThat(NameNormaliser.same("Siti Aminah", "SitiAminah")).isFalse();
		assertThat(NameNormaliser.same("Budi", "Budy")).isFalse();
	}

	@Test
	void anEmptyOrPunctuationOnlyNameMatchesNothing() {
		assertThat(NameNormaliser.same("", "")).isFalse();
		assertThat(NameNormaliser.same("...", "--")).isFalse();
		assertThat(NameNormaliser.same(null, "Siti")).isFalse();
	}

}
