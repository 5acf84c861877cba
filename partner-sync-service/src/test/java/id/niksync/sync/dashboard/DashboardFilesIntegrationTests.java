package id.niksync.sync.dashboard;

import java.util.List;

import id.niksync.sync.SyncIntegrationTest;
import id.niksync.sync.TestOperators;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The page and each of its files carry the page's content security policy. */
@SyncIntegrationTest
class DashboardFilesIntegrationTests {

	@Autowired
	TestRestTemplate http;

	@Test
	void thePageAndItsFilesCarryItsContentSecurityPolicy() {
		for (String path : List.of("/ops/", "/ops/dashboard/index.html", "/ops/dashboard/dashboard.js")) {
			ResponseEntity<String> answer = TestOperators.asOperator(this.http).getForEntity(path, String.class);

			assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
			assertThat(answer.getHeaders().get("Content-Security-Policy")).as(path)
				.containsExactly(DashboardController.CONTENT_SECURITY_POLICY);
		}
	}

}
