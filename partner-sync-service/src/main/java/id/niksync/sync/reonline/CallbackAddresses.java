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
			// fc00::/7 unique local; 2001:db8::/32 documentation; 2001::/32 Teredo
			if ((first & 0xfe) == 0xfc
					|| (first == 0x20 && second == 0x01 && bytes[2] == 0x0d && bytes[3] == (byte) 0xb8)
					|| (first == 0x20 && second == 0x01 && bytes[2] == 0 && bytes[3] == 0)) {
				return true;
			}
			// 2002::/16 6to4 and 64:ff9b::/96 NAT64 carry an IPv4 address: judge that
			if (first == 0x20 && second == 0x02) {
				return refusedEmbedded(bytes, 2);
			}
			if (first == 0 && second == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b) {
				return refusedEmbedded(bytes, 12);
			}
			// ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765)
			boolean translated = (bytes[8] & 0xff) == 0xff && (bytes[9] & 0xff) == 0xff && bytes[10] == 0
					&& bytes[11] == 0;
			for (int i = 0; i < 8; i++) {
				translated &= bytes[i] == 0;
			}
			if (translated) {
				return true;
			}
			// ::a.b.c.d (IPv4-compatible) and the unspecified/loopback neighbours
			boolean zeros = true;
			for (int i = 0; i < 12; i++) {
				zeros &= bytes[i] == 0;
			}
			return zeros;
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
