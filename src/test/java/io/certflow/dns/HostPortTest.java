package io.certflow.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ns1.example.com, ns1.example.com, 53",
            "ns1.example.com:5353, ns1.example.com, 5353",
            "192.0.2.53:53, 192.0.2.53, 53",
            "[2001:db8::53]:5300, 2001:db8::53, 5300",
            "[2001:db8::53], 2001:db8::53, 53",
            "ns1.example.com.:53, ns1.example.com, 53",
            "localhost:5300, localhost, 5300",
            "0.0.0.0:53, 0.0.0.0, 53",
            "[::1]:53, ::1, 53",
            "[::ffff:192.0.2.1]:53, ::ffff:192.0.2.1, 53",
    })
    void readsTheServersAUserWrites(String text, String host, int port) {
        assertThat(HostPort.parse(text, 53)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ns1.example.com:0", "ns1.example.com:65536", "ns1.example.com:dns", "2001:db8::53",
            "[2001:db8::53", "ns1 example.com", ":53", "  ",
            "-:53", "...:53", ".:53", "ns1..example.com:53", "-ns1.example.com:53", "ns1-.example.com:53",
            "[zz]:53", "[]:53", "[192.0.2.53]:53", "[2001:db8::53%eth0]:53", "[2001:db8:::53]:53",
            "999.999.999.999:53", "192.0.2:53", "192.0.2.1.5:53", "256.0.0.1:53", "example.123:53",
            "ns1.example.com:-53", "ns1.example.com:+53", "ns1.example.com:00000000053", "ns1.example.com:",
            "ns_1.example.com:53", "ns1.example.com/x:53"})
    void refusesWhatIsNotAServerWithASentence(String text) {
        assertThatThrownBy(() -> HostPort.parse(text, 53)).isInstanceOf(IllegalArgumentException.class)
                .message().isNotBlank();
    }

    @Test
    void refusesAHostNameLongerThanADnsNameMayBe() {
        String label = "a".repeat(60);
        String name = String.join(".", label, label, label, label, label) + ".test";
        assertThatThrownBy(() -> HostPort.parse(name + ":53", 53)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 253");
    }

    @Test
    void refusesALabelLongerThanSixtyThreeCharacters() {
        assertThatThrownBy(() -> HostPort.parse("a".repeat(64) + ".example.com:53", 53)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 63");
    }
}
