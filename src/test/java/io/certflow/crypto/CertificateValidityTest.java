package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certflow.error.InvalidRequestException;

class CertificateValidityTest {

    private static final Duration DEFAULT = Duration.ofDays(365);

    static Stream<Arguments> validities() {
        return Stream.of(
                arguments(named("a number of days", "30"), Duration.ofDays(30)),
                arguments(named("one day, the shortest", "1"), Duration.ofDays(1)),
                arguments(named("3650 days, the longest", "3650"), Duration.ofDays(3650)),
                arguments(named("days in ISO-8601", "P365D"), Duration.ofDays(365)),
                arguments(named("hours in ISO-8601", "PT48H"), Duration.ofHours(48)),
                arguments(named("exactly one day in seconds", "PT86400S"), Duration.ofDays(1)),
                arguments(named("3650 days in ISO-8601", "P3650D"), Duration.ofDays(3650)));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("validities")
    void validitiesFromOneDayToTenYearsAreAccepted(String text, Duration expected) {
        assertThat(CertificateValidity.parse("validity", text, DEFAULT)).isEqualTo(expected);
    }

    @Test
    void noValidityMeansTheDefault() {
        assertThat(CertificateValidity.parse("validity", null, DEFAULT)).isEqualTo(DEFAULT);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments(named("one second", "PT1S"), "'PT1S' is shorter than one day"),
                arguments(named("a second less than a day", "PT86399S"), "shorter than one day"),
                arguments(named("zero days", "0"), "shorter than one day"),
                arguments(named("a negative duration", "-P1D"), "shorter than one day"),
                arguments(named("3651 days", "3651"), "longer than 3650 days"),
                arguments(named("3651 days in ISO-8601", "P3651D"), "longer than 3650 days"),
                arguments(named("a year, which is no Duration", "P1Y"), "is not a number of days or an ISO-8601 duration"),
                arguments(named("words", "forever"), "is not a number of days"),
                arguments(named("an empty text", ""), "is not a number of days"),
                arguments(named("a number with a space", " 30"), "is not a number of days"),
                arguments(named("a number with a NUL", "30\u0000"), "'30\\u0000' is not a number of days"),
                arguments(named("a number of days too large for any clock", "999999999999"), "is not a number of days"),
                arguments(named("hours that overflow", "PT9999999999999999999H"), "is not a number of days"),
                arguments(named("a very long text", "P" + "1".repeat(1000) + "D"), "is not a number of days"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("refused")
    void validitiesOutsideOneDayToTenYearsAreRefusedNamingTheFieldAndTheRule(String text, String defect) {
        assertThatThrownBy(() -> CertificateValidity.parse("validity", text, DEFAULT))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("validity: ").contains(defect).contains("between 1 and 3650 days"));
    }
}
