package id.niksync.sync.reonline;

import java.security.SecureRandom;
import java.util.Base64;

import id.niksync.sync.access.AuthenticatedInstitution;
import id.niksync.sync.access.InstitutionCallbacks;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * An institution sets the HTTPS URL it hears about its ended requests at, and gets a new
 * signing secret each time: shown in that answer only.
 */
@Component
public class ReonlineCallbacks {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final InstitutionCallbacks callbacks;

	private final CallbackUrls urls;

	ReonlineCallbacks(InstitutionCallbacks callbacks, CallbackUrls urls) {
		this.callbacks = callbacks;
		this.urls = urls;
	}

	/**
	 * In the caller's transaction (which audits it).
	 * @throws id.niksync.sync.system.CodedProblemException 400
	 * {@code CALLBACK_URL_REFUSED} for a URL that is not HTTPS or whose host resolves to
	 * a loopback, private, link-local, multicast or reserved address
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Registered set(AuthenticatedInstitution institution, String url) {
		String checked = this.urls.check(url).uri().toString();
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		Registered registered = new Registered(checked,
				"nscb_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
		this.callbacks.set(institution.id(), registered.url(), registered.secret());
		return registered;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void remove(AuthenticatedInstitution institution) {
		this.callbacks.clear(institution.id());
	}

	/**
	 * @param secret the HMAC-SHA256 key of the callbacks' signatures; never shown again
	 */
	public record Registered(String url, String secret) {

		@Override
		public String toString() {
			return "Registered[url=" + this.url + "]";
		}

	}

}
