package id.niksync.sync.reonline;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackAddressesTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.8.9.10", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1",
			"172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "192.0.0.8",
			"192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.255.255.250", "240.0.0.1",
			"255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
			"::ffff:10.0.0.1", "::127.0.0.1", "2001:db8::1", "2001:0:4136:e378::1", "2002:7f00:1::", "2002:a00:1::",
			"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "fec0::1", "::ffff:0:7f00:1", "::ffff:0:808:808", "192.88.99.1",
			"3fff::1", "3fff:fff::1", "100::1", "2001:2::1", "2001:10::1", "2001:20::1", "2001:1ff::1", "5f00::1",
			"4000::1", "1::1", "e000::1", "64:ff9b:1:a00:0:100:808:808", "64:ff9b:0:1::808:808" })
	void refusesEveryAddressThatIsNotPublicUnicast(String address) throws Exception {
		assertThat(CallbackAddresses.refused(InetAddress.getByName(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.1",
			"2606:4700:4700::1111", "2002:5db8:d70e::", "64:ff9b::808:808", "2001:200::1", "2400:cb00::1", "3ffe:1::1",
			"3fff:1000::1" })
	void allowsPublicUnicastAddresses(String address) throws Exception {
		assertThat(CallbackAddresses.refused(InetAddress.getByName(address))).isFalse();
	}

}
