package id.niksync.sync.partner;

/**
 * The resident fields an institution type can be entitled to, by the name they have in
 * the partner API. {@code version}, {@code status}, {@code registryChangedAt} and
 * {@code replicatedAt} are not fields: every answer has them.
 */
enum ResidentField {

	KK_NUMBER("kkNumber"), FULL_NAME("fullName"), BIRTH_PLACE("birthPlace"), BIRTH_DATE("birthDate"), SEX("sex"),
	RELIGION("religion"), MARITAL_STATUS("maritalStatus"), OCCUPATION("occupation"), NATIONALITY("nationality"),
	ADDRESS("address");

	private final String apiName;

	ResidentField(String apiName) {
		this.apiName = apiName;
	}

	String apiName() {
		return this.apiName;
	}

}
