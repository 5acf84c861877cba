package id.niksync.sync.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operators' dashboard page at {@code /ops/}, with its content security policy
 * ({@link DashboardFiles}); its scripts and styles are static resources under
 * {@code /ops/dashboard/}. Like all of {@code /ops/**} it needs operator sign-in.
 */
@Controller
class DashboardController {

	/**
	 * Only our own files may run or style the page: the page shows data from the replica
	 * and dead letters, so an escaping slip must not become script execution.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	private final Resource page = new ClassPathResource("static/ops/dashboard/index.html");

	/** Without the slash, the page's relative links would resolve outside /ops/. */
	@GetMapping("/ops")
	ResponseEntity<Void> withoutSlash() {
		return ResponseEntity.status(302).header(HttpHeaders.LOCATION, "/ops/").build();
	}

	@GetMapping("/ops/")
	ResponseEntity<Resource> page() {
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noStore())
			.body(this.page);
	}

}
