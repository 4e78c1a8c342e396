package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certflow.error.InvalidRequestException;

class EmailAddressesTest {

    static Stream<Arguments> validAddresses() {
        return Stream.of(
                arguments(named("an ordinary address", "jane@example.test"), "jane@example.test"),
                arguments(named("dots, a plus and the other atext characters", "jane.doe+tag!#$%&'*/=?^_`{|}~-@example.test"),
                        "jane.doe+tag!#$%&'*/=?^_`{|}~-@example.test"),
                arguments(named("an upper-case domain, which is lower-cased while the local part is kept",
                        "Jane.Doe@Example.TEST"), "Jane.Doe@example.test"),
                arguments(named("a domain in its A-label form", "jane@xn--bcher-kva.example"), "jane@xn--bcher-kva.example"),
                arguments(named("a local part of 64 characters", "a".repeat(64) + "@example.test"), "a".repeat(64) + "@example.test"));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("validAddresses")
    void validAddressesAreAcceptedInCanonicalForm(String raw, String canonical) {
        assertThat(EmailAddresses.problemWith(raw)).isNull();
        assertThat(EmailAddresses.canonical(raw)).isEqualTo(canonical);
    }

    static Stream<Arguments> invalidAddresses() {
        return Stream.of(
                arguments(named("an empty address", ""), "empty email address"),
                arguments(named("a NUL at the end, which trimming would drop", "jane@example.test\u0000"), "control character U+0000"),
                arguments(named("a NUL in the local part", "ja\u0000ne@example.test"), "control character U+0000"),
                arguments(named("a space in the local part", "jane doe@example.test"), "white space (U+0020)"),
                arguments(named("a trailing space", "jane@example.test "), "white space (U+0020)"),
                arguments(named("a line feed, which could add a header", "jane@example.test\nBcc: eve@example.test"),
                        "control character U+000A"),
                arguments(named("a non-ASCII local part", "jané@example.test"), "non-ASCII character 'é'"),
                arguments(named("a non-ASCII domain", "jane@bücher.example"), "non-ASCII character 'ü'"),
                arguments(named("no at sign", "jane.example.test"), "has no '@'"),
                arguments(named("nothing before the at sign", "@example.test"), "nothing before the '@'"),
                arguments(named("nothing after the at sign", "jane@"), "nothing after the '@'"),
                arguments(named("two at signs", "jane@doe@example.test"), "not a dot-atom"),
                arguments(named("two dots in a row", "jane..doe@example.test"), "not a dot-atom"),
                arguments(named("a leading dot", ".jane@example.test"), "not a dot-atom"),
                arguments(named("a trailing dot in the local part", "jane.@example.test"), "not a dot-atom"),
                arguments(named("a quoted local part", "\"jane doe\"@example.test"), "white space"),
                arguments(named("a quoted local part without spaces", "\"jane\"@example.test"), "quoted local parts are not supported"),
                arguments(named("a comment", "jane(work)@example.test"), "not a dot-atom"),
                arguments(named("a local part of 65 characters", "a".repeat(65) + "@example.test"), "local part of 65 characters"),
                arguments(named("an address of 257 characters with a valid domain", "jane@" + "a".repeat(61) + "." + "b".repeat(61)
                        + "." + "c".repeat(61) + "." + "d".repeat(61) + ".test"), "is 257 characters long; an email address has at most 254"),
                arguments(named("a domain with a trailing dot", "jane@example.test."), "no trailing dot"),
                arguments(named("a wildcard domain", "jane@*.example.test"), "no wildcard"),
                arguments(named("a single-label domain", "jane@localhost"), "not a fully qualified domain name"),
                arguments(named("an address literal", "jane@[192.0.2.1]"), "invalid domain"),
                arguments(named("a domain whose A-label does not decode", "jane@xn--zz.example"), "not a valid A-label"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("invalidAddresses")
    void invalidAddressesAreRefusedNamingTheDefect(String raw, String defect) {
        assertThat(EmailAddresses.problemWith(raw)).contains(defect);
        assertThatThrownBy(() -> EmailAddresses.canonical(raw)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(defect);
    }
}
