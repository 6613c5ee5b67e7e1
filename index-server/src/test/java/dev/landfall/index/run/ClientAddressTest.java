package dev.landfall.index.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who a client is (README "Snapshot stickiness"): proxy headers count only when the socket's peer is a
 * configured trusted proxy, and then only the hops the trusted proxies appended.
 */
class ClientAddressTest {

    private static final TrustedProxies LB = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClientWhateverTheHeadersSay() {
        assertThat(ClientAddress.resolve("192.0.2.7", "for=198.51.100.1", "198.51.100.2", TrustedProxies.none())).isEqualTo("192.0.2.7");
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        // A client cannot pick another client's run by sending the header itself.
        assertThat(ClientAddress.resolve("192.0.2.7", null, "198.51.100.2", LB)).isEqualTo("192.0.2.7");
    }

    @Test
    void aTrustedPeersForwardedForNamesTheClient() {
        assertThat(ClientAddress.resolve("10.1.2.3", null, "198.51.100.2", LB)).isEqualTo("198.51.100.2");
    }

    @Test
    void hopsLeftOfTheFirstUntrustedOneAreTheClientsOwnWordAndIgnored() {
        assertThat(ClientAddress.resolve("10.1.2.3", null, "203.0.113.9, 198.51.100.2, 10.4.5.6", LB)).isEqualTo("198.51.100.2");
    }

    @Test
    void onlyTrustedHopsGiveTheLeftmost() {
        assertThat(ClientAddress.resolve("10.1.2.3", null, "10.9.9.9, 10.4.5.6", LB)).isEqualTo("10.9.9.9");
    }

    @Test
    void aTrustedPeerWithoutHeadersIsTheClient() {
        assertThat(ClientAddress.resolve("10.1.2.3", null, null, LB)).isEqualTo("10.1.2.3");
    }

    @Test
    void forwardedWinsOverXForwardedFor() {
        assertThat(ClientAddress.resolve("10.1.2.3", "for=198.51.100.1;proto=https", "198.51.100.2", LB)).isEqualTo("198.51.100.1");
    }

    @Test
    void forwardedNodesLoseQuotesPortsAndBrackets() {
        assertThat(ClientAddress.resolve("10.1.2.3", "for=\"[2001:db8:cafe::17]:4711\", for=10.0.0.5", null, LB)).isEqualTo("2001:db8:cafe::17");
        assertThat(ClientAddress.resolve("10.1.2.3", "For=\"192.0.2.43:47011\"", null, LB)).isEqualTo("192.0.2.43");
    }

    @Test
    void anIpv6TrustedPeerIsRecognised() {
        assertThat(ClientAddress.resolve("[fd00::1]", null, "2001:db8::5", LB)).isEqualTo("2001:db8::5");
        assertThat(ClientAddress.resolve("fd00::1", null, "2001:db8::5", LB)).isEqualTo("2001:db8::5");
    }

    @Test
    void anObfuscatedHopEndsTheWalkAndIsTheKey() {
        assertThat(ClientAddress.resolve("10.1.2.3", "for=unknown, for=10.0.0.5", null, LB)).isEqualTo("unknown");
        assertThat(ClientAddress.resolve("10.1.2.3", "for=_hidden", null, LB)).isEqualTo("_hidden");
    }

    @Test
    void onlyTheRightmostHopsAreRead() {
        String spoofed = "198.51.100.1, ".repeat(100) + "203.0.113.4";
        assertThat(ClientAddress.resolve("10.1.2.3", null, spoofed, LB)).isEqualTo("203.0.113.4");
        assertThat(ClientAddress.split(spoofed)).hasSize(ClientAddress.MAX_HOPS);
    }

    @Test
    void cidrBoundariesArePrefixExact() {
        TrustedProxies p = TrustedProxies.of(List.of("192.168.4.0/22"));
        assertThat(p.contains("192.168.4.0")).isTrue();
        assertThat(p.contains("192.168.7.255")).isTrue();
        assertThat(p.contains("192.168.8.0")).isFalse();
        assertThat(p.contains("192.168.3.255")).isFalse();
        assertThat(TrustedProxies.of(List.of("127.0.0.1")).contains("127.0.0.2")).isFalse();
        assertThat(TrustedProxies.of(List.of("0.0.0.0/0")).contains("8.8.8.8")).isTrue();
        assertThat(TrustedProxies.of(List.of("0.0.0.0/0")).contains("2001:db8::1")).isFalse();
    }

    @Test
    void ipv4MappedIpv6PeersMatchIpv4Blocks() {
        assertThat(TrustedProxies.of(List.of("10.0.0.0/8")).contains("::ffff:10.1.2.3")).isTrue();
    }

    @Test
    void hostNamesAndGarbageAreNeverAddresses() {
        assertThat(TrustedProxies.parse("localhost")).isNull();
        assertThat(TrustedProxies.parse("1.2.3.256")).isNull();
        assertThat(TrustedProxies.parse("1.2.3")).isNull();
        assertThat(TrustedProxies.parse("1.2.3.4.")).isNull();
        assertThat(TrustedProxies.parse("gggg::1")).isNull();
        assertThat(TrustedProxies.parse("example.com:80")).isNull();
    }

    @Test
    void aMalformedTrustedProxyIsAConfigurationError() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(TrustedProxies.of(List.of("", " ")).isEmpty()).isTrue();
    }
}
