package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.IDN;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PunycodeTest {

    static Stream<Arguments> samples() {
        return Stream.of(
                arguments(named("RFC 3492 sample A, Arabic", "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634"
                        + "\u0639\u0631\u0628\u064A\u061F"), "egbpdaj6bu4bxfgehfvwxn"),
                arguments(named("RFC 3492 sample B, Chinese", "\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587"),
                        "ihqwcrb4cv8a8dqg056pqjye"),
                arguments(named("RFC 3492 sample L, Japanese mixed with ASCII", "3\u5E74B\u7D44\u91D1\u516B\u5148\u751F"),
                        "3B-ww4c5e180e575a65lsy2b"),
                arguments(named("RFC 3492 sample S, ASCII only", "-> $1.00 <-"), "-> $1.00 <--"),
                arguments(named("a German umlaut", "bücher"), "bcher-kva"),
                arguments(named("a German sharp s", "straße"), "strae-oqa"));
    }

    @ParameterizedTest(name = "{0} encodes and decodes as the RFC says")
    @MethodSource("samples")
    void samplesEncodeAndDecodeAsTheRfcSays(String unicode, String punycode) {
        assertThat(Punycode.encode(unicode)).isEqualTo(punycode);
        assertThat(Punycode.decode(punycode)).isEqualTo(unicode);
    }

    @Test
    void theEncodingAgreesWithTheJdksForNamesIdnaLeavesAsTheyAre() {
        for (String label : new String[] {"münchen", "日本語", "παράδειγμα", "пример", "例え", "café"}) {
            assertThat("xn--" + Punycode.encode(label)).isEqualTo(IDN.toASCII(label));
        }
    }

    @Test
    void randomTextsSurviveTheRoundTrip() {
        Random random = new Random(12);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(20);
            for (int j = 0; j < length; j++) {
                int c;
                do {
                    c = random.nextInt(4) == 0 ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(0x2FF80);
                } while (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
                text.appendCodePoint(c);
            }
            assertThat(Punycode.decode(Punycode.encode(text.toString()))).isEqualTo(text.toString());
        }
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"zz", "9", "a_b", "ü-kva", "99999999999", "zzzzzzzzzzzzzzzzzz"})
    void textThatIsNoPunycodeIsRefused(String text) {
        assertThatThrownBy(() -> Punycode.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
