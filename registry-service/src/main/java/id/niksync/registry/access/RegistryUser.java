package id.niksync.registry.access;

import java.util.List;
import java.util.Set;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A signed-in registry account: its roles and the regions it may act on. */
class RegistryUser extends User {

	private final Set<RegistryRole> roles;

	private final List<String> regions;

	RegistryUser(String username, String passwordHash, boolean active, Set<RegistryRole> roles, List<String> regions) {
		super(username, passwordHash, active, true, true, true,
				roles.stream().map((role) -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
		this.roles = Set.copyOf(roles);
		this.regions = List.copyOf(regions);
	}

	Set<RegistryRole> roles() {
		return this.roles;
	}

	List<String> regions() {
		return this.regions;
	}

	/** The service credential acts for partner-sync on every region. */
	boolean everywhere() {
		return this.roles.contains(RegistryRole.SERVICE);
	}

}
