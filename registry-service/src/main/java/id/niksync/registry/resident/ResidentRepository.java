package id.niksync.registry.resident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import id.niksync.identity.Sex;
import id.niksync.registry.system.WriteStatements;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ResidentRepository {

	private static final String COLUMNS = """
			nik, kk_number, full_name, birth_place, birth_date, sex, religion, marital_status, occupation,
			nationality, street, rt, rw, village, district, regency, province, postal_code, status,
			data_quality_flags, version, created_at, updated_at""";

	/** {@link #COLUMNS} of the table aliased {@code r}. */
	private static final String R_COLUMNS = Arrays.stream(COLUMNS.split(","))
		.map((column) -> "r." + column.strip())
		.collect(Collectors.joining(", "));

	/**
	 * Batch registration, {@code registry-write/resident-insert-all.sql}: one text array
	 * per column, unnested into rows in NIK order (the benchmark runs the same file).
	 */
	private static final String INSERT_ALL = WriteStatements.load("resident-insert-all.sql");

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
	 * Moves the next {@code limit} residents whose NIK starts with {@code prefix} and
	 * comes after {@code afterNik} to their next version, with one statement: the rows
	 * are locked in NIK order (so concurrent writers wait instead of deadlocking), bumped
	 * and returned as they now are. NIKs are 16 digits, so the upper bound keeps the scan
	 * on the primary key and stops it at the end of the region; the LIKE keeps the match
	 * exact.
	 * @return the residents at their new version, in NIK order
	 */
	List<Resident> bumpRegionAfter(String prefix, String afterNik, int limit, Instant at) {
		return sortedByNik(this.jdbc
			.sql("UPDATE resident r SET version = r.version + 1, updated_at = ?"
					+ " FROM (SELECT nik FROM resident WHERE nik > ? AND nik <= ? AND nik LIKE ? || '%'"
					+ " ORDER BY nik LIMIT ? FOR UPDATE) AS s WHERE r.nik = s.nik RETURNING " + R_COLUMNS)
			.params(Timestamp.from(at), afterNik, lastNikOf(prefix), prefix, limit)
			.query(ResidentRepository::map)
			.list());
	}

	/**
	 * Moves those of {@code niks} that are registered to their next version, or above the
	 * version {@code aboveVersions} names for one if that is higher, with one statement
	 * (locked in NIK order, as {@link #bumpRegionAfter}).
	 * @return the residents at their new version, in NIK order
	 */
	List<Resident> bumpAll(List<String> niks, Map<String, Long> aboveVersions, Instant at) {
		String[] above = aboveVersions.keySet().toArray(String[]::new);
		Long[] versions = new Long[above.length];
		for (int i = 0; i < above.length; i++) {
			versions[i] = aboveVersions.get(above[i]);
		}
		return sortedByNik(this.jdbc
			.sql("UPDATE resident r SET version = greatest(r.version, coalesce(s.above, 0)) + 1, updated_at = ?"
					+ " FROM (SELECT l.nik, t.above FROM resident l"
					+ " LEFT JOIN unnest(?::varchar[], ?::bigint[]) AS t(nik, above) ON t.nik = l.nik"
					+ " WHERE l.nik = ANY(?) ORDER BY l.nik FOR UPDATE OF l) AS s WHERE r.nik = s.nik RETURNING "
					+ R_COLUMNS)
			.params(Timestamp.from(at), above, versions, niks.toArray(String[]::new))
			.query(ResidentRepository::map)
			.list());
	}

	long countRegion(String prefix) {
		return this.jdbc.sql("SELECT count(*) FROM resident WHERE nik >= ? AND nik <= ? AND nik LIKE ? || '%'")
			.params(prefix, lastNikOf(prefix), prefix)
			.query(Long.class)
			.single();
	}

	long countExisting(List<String> niks) {
		return this.jdbc.sql("SELECT count(*) FROM resident WHERE nik = ANY(?)")
			.param(niks.toArray(String[]::new))
			.query(Long.class)
			.single();
	}

	/** RETURNING gives no order. */
	private static List<Resident> sortedByNik(List<Resident> residents) {
		return residents.stream().sorted(Comparator.comparing(Resident::nik)).toList();
	}

	private static String lastNikOf(String prefix) {
		return prefix + "9".repeat(16 - prefix.length());
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

	/**
	 * Inserts all the residents with one statement, so a batch costs one round trip. NIKs
	 * already registered are skipped, not overwritten.
	 * @return the NIKs inserted
	 */
	Set<String> insertAll(List<Resident> residents) {
		String[][] columns = new String[23][residents.size()];
		List<Object> previous = null;
		for (int r = 0; r < residents.size(); r++) {
			List<Object> values = values(residents.get(r));
			for (int c = 0; c < columns.length; c++) {
				Object value = values.get(c);
				// A batch's residents share their instants: written out once, not for
				// each (their text was 3 % of a batch's request thread, JFR).
				columns[c][r] = (previous != null && value instanceof Timestamp && value.equals(previous.get(c)))
						? columns[c][r - 1] : text(value);
			}
			previous = values;
		}
		return new HashSet<>(this.jdbc.sql(INSERT_ALL).params((Object[]) columns).query(String.class).list());
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

	/** Text PostgreSQL casts back to the column's type (ISO dates, UTC instants). */
	private static String text(Object value) {
		return (value instanceof Timestamp timestamp) ? timestamp.toInstant().toString() : value.toString();
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
