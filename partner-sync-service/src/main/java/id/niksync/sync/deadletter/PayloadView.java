package id.niksync.sync.deadletter;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import id.niksync.schemas.NikChangedCodec;
import id.niksync.schemas.avro.Address;
import id.niksync.schemas.avro.NikChanged;
import id.niksync.schemas.avro.Resident;

/**
 * A dead letter's payload for an operator: the event decoded when possible, and the raw
 * bytes.
 */
final class PayloadView {

	private PayloadView() {
	}

	static Map<String, Object> of(byte[] payload, NikChangedCodec codec) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("bytes", (payload != null) ? payload.length : 0);
		view.put("base64", (payload != null) ? Base64.getEncoder().encodeToString(payload) : null);
		try {
			view.put("event", event(codec.decode(payload)));
		}
		catch (RuntimeException ex) {
			view.put("decodeError", ex.getMessage());
		}
		return view;
	}

	private static Map<String, Object> event(NikChanged e) {
		Resident r = e.getResident();
		Address a = r.getAddress();
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("street", a.getStreet());
		address.put("rt", a.getRt());
		address.put("rw", a.getRw());
		address.put("village", a.getVillage());
		address.put("district", a.getDistrict());
		address.put("regency", a.getRegency());
		address.put("province", a.getProvince());
		address.put("postalCode", a.getPostalCode());
		Map<String, Object> resident = new LinkedHashMap<>();
		resident.put("nik", r.getNik());
		resident.put("kkNumber", r.getKkNumber());
		resident.put("fullName", r.getFullName());
		resident.put("birthPlace", r.getBirthPlace());
		resident.put("birthDate", r.getBirthDate().toString());
		resident.put("sex", r.getSex().name());
		resident.put("religion", r.getReligion().name());
		resident.put("maritalStatus", r.getMaritalStatus().name());
		resident.put("occupation", r.getOccupation());
		resident.put("nationality", r.getNationality());
		resident.put("address", address);
		resident.put("status", r.getStatus().name());
		resident.put("dataQualityFlags", r.getDataQualityFlags());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("eventId", e.getEventId());
		event.put("changeSeq", e.getChangeSeq());
		event.put("nik", e.getNik());
		event.put("version", e.getVersion());
		event.put("changeType", e.getChangeType().name());
		event.put("occurredAt", e.getOccurredAt().toString());
		event.put("reason", e.getReason());
		event.put("resident", resident);
		return event;
	}

}
