package id.niksync.sync.reonline;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a callback may never go: this host, the networks it sits in, and anything that is
 * not a public unicast address. Every address a callback's host resolves to is checked,
 * and the connection is made to a checked address, so a name cannot point elsewhere
 * between the check and the call.
 */
final class CallbackAddresses {

	private CallbackAddresses() {
	}

	static boolean refused(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			return refusedV4(bytes);
		}
		if (address instanceof Inet6Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			// 64:ff9b::/96 NAT64 and 2002::/16 6to4 carry an IPv4 address: judge
			// that. Only the well-known /96: the rest of 64:ff9b::/32 (local-use
			// 64:ff9b:1::/48, RFC 8215) places it elsewhere, and is refused below.
			if (first == 0 && second == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b
					&& zeros(bytes, 4, 12)) {
				return refusedEmbedded(bytes, 12);
			}
			if (first == 0x20 && second == 0x02) {
				return refusedEmbedded(bytes, 2);
			}
			// Only global unicast, 2000::/3: not unique local (fc00::/7), the
			// IPv4-compatible and -translated forms, discard-only (100::/64),
			// SRv6 (5f00::/16) or space not yet assigned
			if ((first & 0xe0) != 0x20) {
				return true;
			}
			// 2001::/23 IETF protocol assignments (Teredo, benchmarking, ORCHID …);
			// documentation: 2001:db8::/32 and 3fff::/20 (RFC 9637)
			return (first == 0x20 && second == 0x01 && (bytes[2] & 0xfe) == 0)
					|| (first == 0x20 && second == 0x01 && bytes[2] == 0x0d && bytes[3] == (byte) 0xb8)
					|| (first == 0x3f && second == 0xff && (bytes[2] & 0xf0) == 0);
		}
		return true;
	}

	private static boolean zeros(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean refusedEmbedded(byte[] bytes, int from) {
		try {
			InetAddress v4 = InetAddress
				.getByAddress(new byte[] { bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3] });
			return refused(v4);
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}

	private static boolean refusedV4(byte[] b) {
		int a0 = b[0] & 0xff;
		int a1 = b[1] & 0xff;
		int a2 = b[2] & 0xff;
		return a0 == 0 // this network
				|| a0 == 10 || a0 == 127 // private, loopback (also checked above)
				|| (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
				|| (a0 == 169 && a1 == 254) // link-local, cloud metadata
				|| (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168) // private
				|| (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) // IETF protocol,
																	// documentation
				|| (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
				|| (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast (deprecated)
				|| (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113) // documentation
				|| a0 >= 224; // multicast, reserved, broadcast
	}

}
