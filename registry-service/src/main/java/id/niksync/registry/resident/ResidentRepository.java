package id.niksync.registry.resident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import id.niksync.identity.Sex;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ResidentRepository {

	private static final String COLUMNS = """
			nik, kk_number, full_name, birth_place, birth_date, sex, religion, marital_status, occupation,
			nationality, street, rt, rw, village, district, regency, province, postal_code, status,
			data_quality_flags, version, created_at, updated_at""";

	private final JdbcClient jdbc;

	ResidentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Resident> find(String nik) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM resident WHERE nik = ?")
			.param(nik)
			.query(ResidentRepository::map)
			.optional();
	}

	/**
	 * Reads and locks the row, so concurrent changes to one NIK get consecutive versions.
	 */
	Optional<Resident> findForUpdate(String nik) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM resident WHERE nik = ? FOR UPDATE")
			.param(nik)
			.query(ResidentRepository::map)
			.optional();
	}

	/**
	 * @return false if the NIK is already registered
	 */
	boolean insert(Resident r) {
		return this.jdbc
			.sql("INSERT INTO resident (" + COLUMNS + ") VALUES (" + "?,".repeat(22) + "?)"
					+ " ON CONFLICT (nik) DO NOTHING")
			.params(values(r))
			.update() == 1;
	}

	void update(Resident r) {
		List<Object> values = values(r);
		this.jdbc.sql("""
				UPDATE resident SET kk_number = ?, full_name = ?, birth_place = ?, birth_date = ?, sex = ?,
				    religion = ?, marital_status = ?, occupation = ?, nationality = ?, street = ?, rt = ?, rw = ?,
				    village = ?, district = ?, regency = ?, province = ?, postal_code = ?, status = ?,
				    data_quality_flags = ?, version = ?, created_at = ?, updated_at = ?
				WHERE nik = ?""").params(values.subList(1, values.size())).param(r.nik()).update();
	}

	private static List<Object> values(Resident r) {
		Address a = r.address();
		return Arrays.asList(r.nik(), r.kkNumber(), r.fullName(), r.birthPlace(), r.birthDate(), r.sex().name(),
				r.religion().name(), r.maritalStatus().name(), r.occupation(), r.nationality(), a.street(), a.rt(),
				a.rw(), a.village(), a.district(), a.regency(), a.province(), a.postalCode(), r.status().name(),
				String.join(",", r.dataQualityFlags()), r.version(), Timestamp.from(r.createdAt()),
				Timestamp.from(r.updatedAt()));
	}

	private static Resident map(ResultSet rs, int row) throws SQLException {
		Address address = new Address(rs.getString("street"), rs.getString("rt"), rs.getString("rw"),
				rs.getString("village"), rs.getString("district"), rs.getString("regency"), rs.getString("province"),
				rs.getString("postal_code"));
		String flags = rs.getString("data_quality_flags");
		return new Resident(rs.getString("nik"), rs.getString("kk_number"), rs.getString("full_name"),
				rs.getString("birth_place"), rs.getObject("birth_date", java.time.LocalDate.class),
				Sex.valueOf(rs.getString("sex")), Religion.valueOf(rs.getString("religion")),
				MaritalStatus.valueOf(rs.getString("marital_status")), rs.getString("occupation"),
				rs.getString("nationality"), address, ResidentStatus.valueOf(rs.getString("status")),
				flags.isEmpty() ? List.of() : List.of(flags.split(",")), rs.getLong("version"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
