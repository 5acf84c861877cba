package id.niksync.registry.system;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Who is acting, as authentication established it: the signed-in account, the regions it
 * may act on and the address the call came from. Controllers receive it as a parameter;
 * nothing takes an identity from a request header.
 *
 * @param name the account's username
 * @param clientAddress the TCP peer's address
 * @param regions the NIK prefixes (province, regency or district) the account may act on
 * @param everywhere whether the account acts on every region (the service credential)
 */
public record Caller(String name, String clientAddress, List<String> regions, boolean everywhere) {

	public Caller {
		regions = List.copyOf(regions);
	}

	/** Whether the NIK, or every NIK starting with a region prefix, is the caller's. */
	public boolean covers(String nikOrPrefix) {
		return this.everywhere
				|| (nikOrPrefix != null && this.regions.stream().anyMatch((region) -> nikOrPrefix.startsWith(region)));
	}

	/**
	 * @throws RegionNotAllowedException unless {@link #covers} the NIK or prefix
	 */
	public void requireRegion(String nikOrPrefix) {
		if (!covers(nikOrPrefix)) {
			throw new RegionNotAllowedException();
		}
	}

	/** The NIKs of {@code niks} outside the caller's regions. */
	public List<String> outside(List<String> niks) {
		return niks.stream().filter((nik) -> !covers(nik)).toList();
	}

	/** 403: the account may not act on that region. */
	public static class RegionNotAllowedException extends CodedProblemException {

		public RegionNotAllowedException() {
			super(HttpStatus.FORBIDDEN, "REGION_NOT_ALLOWED", "This account may not act on that region");
		}

	}

}
