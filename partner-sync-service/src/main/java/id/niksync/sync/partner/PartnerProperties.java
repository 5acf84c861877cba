package id.niksync.sync.partner;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import id.niksync.sync.access.InstitutionType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The partner API.
 *
 * @param fields which fields each institution type sees and may verify; a type not listed
 * sees none
 * @param minVersionWait how long a lookup with {@code minVersion} waits for the replica
 * to catch up before answering {@code REPLICA_BEHIND}
 * @param minVersionPoll how often it looks while waiting
 * @param maxBatchSize the most NIKs in one batch verification
 * @param maxRequestSize the largest request body accepted
 */
@ConfigurationProperties("niksync.partner")
record PartnerProperties(Map<InstitutionType, Set<ResidentField>> fields, @DefaultValue("2s") Duration minVersionWait,
		@DefaultValue("100ms") Duration minVersionPoll, @DefaultValue("1000") int maxBatchSize,
		@DefaultValue("1MB") DataSize maxRequestSize) {

	PartnerProperties {
		fields = (fields != null) ? Map.copyOf(fields) : Map.of();
	}

	Set<ResidentField> fieldsOf(InstitutionType type) {
		return this.fields.getOrDefault(type, Set.of());
	}

}
