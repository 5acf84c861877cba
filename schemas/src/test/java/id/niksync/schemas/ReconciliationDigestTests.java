package id.niksync.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationDigestTests {

	@Test
	void theWholeCountryIsAStatementWithoutARange() {
		// a generic plan made for a region's range must never serve the whole country
		assertThat(ReconciliationDigest.childrenSql("resident", true)).doesNotContain("WHERE")
			.endsWith("FROM resident GROUP BY 1 ORDER BY 1");
	}

	@Test
	void aRegionIsBoundedByItsFirstAndLastPossibleNik() {
		assertThat(ReconciliationDigest.childrenSql("replica_resident", false))
			.contains("FROM replica_resident WHERE nik >= ? AND nik <= ? AND nik LIKE ?");
		assertThat(ReconciliationDigest.regionParameters(6, "3511")).containsExactly(6, "3511", "3511999999999999",
				"3511%");
		assertThat(ReconciliationDigest.regionParameters(16, "351101")).containsExactly(16, "351101",
				"3511019999999999", "351101%");
	}

}
