package io.certflow.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    })
    void readsTheServersAUserWrites(String text, String host, int port) {
        assertThat(HostPort.parse(text, 53)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ns1.example.com:0", "ns1.example.com:65536", "ns1.example.com:dns", "2001:db8::53",
            "[2001:db8::53", "ns1 example.com", ":53", "  "})
    void refusesWhatIsNotAServerWithASentence(String text) {
        assertThatThrownBy(() -> HostPort.parse(text, 53)).isInstanceOf(IllegalArgumentException.class)
                .message().isNotBlank();
    }
}
