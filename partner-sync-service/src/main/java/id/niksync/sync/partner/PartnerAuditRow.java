package id.niksync.sync.partner;

import java.util.Collection;
import java.util.stream.Collectors;

import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.system.ClientAddress;

/**
 * One audited partner request (one NIK of it, for a batch).
 *
 * @param institutionId null when the caller could not be identified
 * @param keyId the key id the caller presented (also when it opened nothing)
 * @param fields the fields returned or verified, by API name, comma-separated
 * @param outcome {@code OK}, or the problem code the request was answered with
 * @param clientAddress taken on the request's thread, since the row may be written on
 * another
 */
record PartnerAuditRow(Long institutionId, String keyId, PartnerOperation operation, String purpose, String nik,
		String fields, String outcome, int httpStatus, String clientAddress) {

	static PartnerAuditRow of(AuthenticatedInstitution institution, PartnerOperation operation, String purpose,
			String nik, Collection<ResidentField> fields, String outcome, int httpStatus) {
		return new PartnerAuditRow((institution != null) ? institution.id() : null,
				(institution != null) ? institution.keyId() : null, operation, purpose, nik,
				fields.stream().map(ResidentField::apiName).sorted().collect(Collectors.joining(",")), outcome,
				httpStatus, ClientAddress.current());
	}

	PartnerAuditRow withKeyId(String presentedKeyId) {
		return new PartnerAuditRow(this.institutionId, presentedKeyId, this.operation, this.purpose, this.nik,
				this.fields, this.outcome, this.httpStatus, this.clientAddress);
	}

}
