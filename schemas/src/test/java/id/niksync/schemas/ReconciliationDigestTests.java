package id.niksync.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationDigestTests {

	@Test
	void theWholeCountryIsAStatementWithoutARange() {
		// a generic plan made for a region's range must never serve the whole country
		ReconciliationDigest.Children country = ReconciliationDigest.children("resident", "", 2);

		assertThat(country.sql()).doesNotContain("WHERE").endsWith("FROM resident GROUP BY 1 ORDER BY 1");
		assertThat(country.parameters()).containsExactly(2);
	}

	@Test
	void aRegionIsBoundedByItsFirstAndLastPossibleNik() {
		ReconciliationDigest.Children regency = ReconciliationDigest.children("replica_resident", "3511", 6);

		assertThat(regency.sql()).contains("FROM replica_resident WHERE nik >= ? AND nik <= ? AND nik LIKE ?");
		assertThat(regency.parameters()).containsExactly(6, "3511", "3511999999999999", "3511%");
		assertThat(ReconciliationDigest.children("resident", "351101", 16).parameters()).containsExactly(16, "351101",
				"3511019999999999", "351101%");
	}

}
