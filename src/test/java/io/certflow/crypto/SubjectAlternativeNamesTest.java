package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.certflow.error.InvalidRequestException;

class SubjectAlternativeNamesTest {

    @Test
    void dnsNamesAndEmailAddressesAreSeparatedAndCanonicalEachOnce() {
        SubjectAlternativeNames names = SubjectAlternativeNames.parse("sans", List.of("Jane@Example.TEST", "WWW.Example.test.",
                "bücher.example", "jane@example.test", "www.example.test"), true);

        assertThat(names.dnsNames()).containsExactly("www.example.test", "xn--bcher-kva.example");
        assertThat(names.emailAddresses()).containsExactly("Jane@example.test", "jane@example.test");
        assertThat(names.first()).isEqualTo("www.example.test");
    }

    @Test
    void anEmailAddressIsRefusedWhereOnlyDnsNamesBelong() {
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("sans", List.of("jane@example.test"), false))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .isEqualTo("sans: 'jane@example.test' is an email address; this certificate is for DNS names only"));
    }

    @Test
    void oneHundredNamesAreAcceptedAndOneHundredAndOneRefusedCountingBothKinds() {
        List<String> hundred = new ArrayList<>(IntStream.range(0, 50).mapToObj(i -> "host" + i + ".example.test").toList());
        hundred.addAll(IntStream.range(0, 50).mapToObj(i -> "user" + i + "@example.test").toList());
        assertThat(SubjectAlternativeNames.parse("sans", hundred, true).dnsNames()).hasSize(50);

        List<String> more = new ArrayList<>(hundred);
        more.add("one-more.example.test");
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("sans", more, true))
                .isInstanceOf(InvalidRequestException.class).hasMessage("sans: at most 100 names per certificate, got 101");
    }

    @Test
    void everyBadNameIsReportedWithTheField() {
        assertThatThrownBy(() -> SubjectAlternativeNames.parse("sans", Arrays.asList("ok.example.test", "bad name.example.test",
                null, "jane@exa mple.test", "xn--zz.example.test"), true))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems()).hasSize(4)
                        .allSatisfy(problem -> assertThat(problem).startsWith("sans: ")));
    }

    @Test
    void namesThatSkippedTheRulesCannotReachACertificate() {
        assertThatThrownBy(() -> SubjectAlternativeNames.ofDnsNames(List.of("example.test\u0000")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeNames.ofDnsNames(List.of("Example.test")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubjectAlternativeNames(List.of(), List.of("jane@exämple.test")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
