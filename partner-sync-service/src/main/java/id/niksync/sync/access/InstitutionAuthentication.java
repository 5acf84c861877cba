package id.niksync.sync.access;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A partner signed in with an API key: role PARTNER, never an operator role. */
class InstitutionAuthentication extends AbstractAuthenticationToken {

	static final String ROLE = "PARTNER";

	private final AuthenticatedInstitution institution;

	InstitutionAuthentication(AuthenticatedInstitution institution) {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
		this.institution = institution;
		setAuthenticated(true);
	}

	@Override
	public AuthenticatedInstitution getPrincipal() {
		return this.institution;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public String getName() {
		return "institution:" + this.institution.id();
	}

}
