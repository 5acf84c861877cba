package id.niksync.sync.reonline;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One partner re-online request as stored.
 *
 * @param targetVersion the version the registry published for it; absent until the
 * registry accepted it
 * @param onlineVersion the version the replica held when the request became ONLINE
 * @param code why it was rejected or failed: {@code KK_MISMATCH_OR_UNKNOWN},
 * {@code REONLINE_ATTEMPTS_EXCEEDED}, {@code DEAD_LETTERED}, {@code NOT_ONLINE_IN_TIME},
 * {@code REGISTRY_UNAVAILABLE}, {@code REGISTRY_REFUSED}
 * @param reason what an operator can act on, for a failed request
 * @param deadLetterId the dead letter its change became, for {@code DEAD_LETTERED}
 * @param callbackStatus NONE (no callback URL when it ended, or still pending), PENDING,
 * DELIVERED or FAILED
 * @param forwardAttempts failed attempts to ask the registry (retried with backoff)
 * @param forwardError the last of them: what failed
 */
public record ReonlineRequest(UUID id, long institutionId, String institutionName, @JsonIgnore String keyId, String nik,
		String purpose, ReonlineStatus status, Instant requestedAt, Instant finishedAt, Long changeSeq,
		Long targetVersion, Long onlineVersion, String code, String reason, Long deadLetterId, String callbackStatus,
		int callbackAttempts, String callbackError, int forwardAttempts, String forwardError) {

	/**
	 * What the institution that asked sees, in answers and callbacks: no other
	 * institution's data, no registry internals.
	 * @param withNik whether to include the NIK (answers do; callbacks carry as little
	 * personal data as they can)
	 */
	public PartnerView forPartner(boolean withNik) {
		return new PartnerView(this.id, withNik ? this.nik : null, this.status, this.requestedAt, this.finishedAt,
				(this.status == ReonlineStatus.ONLINE) ? this.onlineVersion : null, this.code, this.reason,
				this.deadLetterId);
	}

	/**
	 * A request as its institution sees it.
	 *
	 * @param version the version now on the replica, once ONLINE
	 * @param code for REJECTED and FAILED
	 * @param reason for FAILED
	 */
	public record PartnerView(UUID id, String nik, ReonlineStatus status, Instant requestedAt, Instant finishedAt,
			Long version, String code, String reason, Long deadLetterId) {
	}

}
