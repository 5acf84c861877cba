package id.niksync.registry.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import id.niksync.registry.RegistryIntegrationTest;
import id.niksync.testsupport.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static id.niksync.testsupport.RoleChecks.assertAppendOnly;
import static id.niksync.testsupport.RoleChecks.assertRefused;
import static id.niksync.testsupport.RoleChecks.auditTables;
import static id.niksync.testsupport.RoleChecks.execute;
import static id.niksync.testsupport.RoleChecks.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service connects as a role that may read and append to every audit table but never
 * change, remove or truncate a row, that owns nothing and is no superuser; the schema
 * owner grants exactly that after every migrate, also for audit tables added later
 * (README, "Database roles").
 */
@RegistryIntegrationTest
@EmbeddedKafka(kraft = true, partitions = 3, topics = "nik-changes")
class DatabaseRolesIntegrationTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	Flyway flyway;

	@Value("${spring.datasource.url}")
	String url;

	@Test
	void serviceMayOnlyReadAndAppendToEveryAuditTable() throws SQLException {
		try (Connection service = this.dataSource.getConnection()) {
			List<String> auditTables = auditTables(service);
			assertThat(auditTables).contains("registry_audit");
			for (String table : auditTables) {
				assertAppendOnly(service, table);
			}
		}
	}

	@Test
	void serviceRoleIsNoSuperuserAndOwnsNothing() throws SQLException {
		try (Connection service = this.dataSource.getConnection()) {
			assertThat(query(service, """
					SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles
					WHERE rolname = current_user""")).containsExactly("f");
			assertThat(query(service, """
					SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
					     + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
					     + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
					     + (SELECT count(*) FROM pg_database WHERE datdba = r.oid)
					FROM pg_roles r WHERE rolname = current_user""")).containsExactly("0");
			assertRefused(service, "CREATE TABLE intruder (id int)");
			assertRefused(service, "ALTER TABLE registry_audit ADD COLUMN intruder int");
			assertRefused(service, "DROP TABLE registry_audit");
		}
	}

	@Test
	void auditTableAddedByALaterMigrationIsAppendOnlyToo() throws SQLException {
		try (Connection owner = EmbeddedPostgres.ownerConnection(this.url)) {
			execute(owner, "CREATE TABLE later_audit (id BIGSERIAL PRIMARY KEY, what TEXT)");
			execute(owner, "CREATE TABLE later_thing (id BIGSERIAL PRIMARY KEY, what TEXT)");
			try {
				this.flyway.migrate();
				try (Connection service = this.dataSource.getConnection()) {
					assertThat(auditTables(service)).contains("later_audit");
					assertAppendOnly(service, "later_audit");
					execute(service, "INSERT INTO later_thing (what) VALUES ('a')");
					execute(service, "UPDATE later_thing SET what = 'b'");
					execute(service, "DELETE FROM later_thing");
				}
			}
			finally {
				execute(owner, "DROP TABLE later_audit, later_thing");
			}
		}
	}

}
