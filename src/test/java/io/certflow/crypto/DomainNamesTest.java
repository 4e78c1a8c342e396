package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certflow.error.InvalidRequestException;

class DomainNamesTest {

    private static final String LABEL_63 = "a".repeat(63);

    @Test
    void namesAreLowerCasedLoseTheirTrailingDotAndKeepTheGivenOrder() {
        List<String> names = DomainNames.normalize(List.of("WWW.Example.TEST.", "api.example.test", "Example.test"));

        assertThat(names).containsExactly("www.example.test", "api.example.test", "example.test");
    }

    @Test
    void namesThatDifferOnlyInCaseOrTrailingDotAreListedOnceAtTheirFirstPosition() {
        List<String> names = DomainNames.normalize(
                List.of("b.example.test", "a.example.test", "B.EXAMPLE.TEST.", "a.example.test", "c.example.test"));

        assertThat(names).containsExactly("b.example.test", "a.example.test", "c.example.test");
    }

    static Stream<Arguments> internationalizedNames() {
        return Stream.of(
                arguments(named("a name with an umlaut becomes punycode", "bücher.example"), "xn--bcher-kva.example"),
                arguments(named("upper-case non-ASCII letters are lower-cased before conversion", "BÜCHER.Example."),
                        "xn--bcher-kva.example"),
                arguments(named("a wildcard keeps its star and converts the rest", "*.bücher.example"),
                        "*.xn--bcher-kva.example"),
                arguments(named("a name already in punycode stays as it is", "XN--BCHER-KVA.example"),
                        "xn--bcher-kva.example"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("internationalizedNames")
    void internationalizedNamesAreRequestedInTheirAsciiForm(String raw, String expected) {
        assertThat(DomainNames.canonical(raw)).isEqualTo(expected);
        assertThat(DomainNames.problemWith(raw)).isNull();
        assertThat(DomainNames.normalize(List.of(raw))).containsExactly(expected);
    }

    @Test
    void aUnicodeNameAndItsPunycodeFormAreOneName() {
        assertThat(DomainNames.normalize(List.of("bücher.example", "xn--bcher-kva.example")))
                .containsExactly("xn--bcher-kva.example");
    }

    static Stream<Arguments> validNames() {
        return Stream.of(
                arguments(named("an ordinary two-label name", "example.test")),
                arguments(named("a name with digits and inner hyphens", "1-password.my-shop.example")),
                arguments(named("a label of exactly 63 characters", LABEL_63 + ".example.test")),
                arguments(named("a name of exactly 253 characters", nameOfLength(253))),
                arguments(named("a name of 253 characters plus its trailing dot", nameOfLength(253) + ".")),
                arguments(named("a wildcard as the whole leftmost label", "*.example.test")),
                arguments(named("an A-label", "xn--bcher-kva.example")),
                arguments(named("the A-label of a German sharp s, valid in IDNA2008", "xn--strae-oqa.example")),
                arguments(named("a label with two hyphens elsewhere than third and fourth", "a--b.example.test")));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("validNames")
    void validNamesHaveNoProblem(String raw) {
        assertThat(DomainNames.problemWith(raw)).isNull();
        assertThat(DomainNames.normalize(List.of(raw)))
                .containsExactly(raw.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                arguments(named("an empty name", ""), "empty domain name"),
                arguments(named("a German sharp s, which IDNA2003 would map to 'ss'", "straße.example"), "give the name in its ASCII (xn--) form"),
                arguments(named("a final sigma", "ς.example"), "give the name in its ASCII (xn--) form"),
                arguments(named("a name of blanks", "   "), "contains a space or other white space (U+0020) at position 1"),
                arguments(named("a name ending in NUL, which trimming would drop", "example.test\u0000"),
                        "contains the control character U+0000 at position 13"),
                arguments(named("a NUL inside a label", "exa\u0000mple.test"), "control character U+0000"),
                arguments(named("a name surrounded by spaces", "  example.test  "), "white space (U+0020) at position 1"),
                arguments(named("a name ending in a line feed", "example.test\n"), "control character U+000A"),
                arguments(named("a tab inside", "exa\tmple.test"), "control character U+0009"),
                arguments(named("a no-break space", "example.test\u00A0"), "white space (U+00A0)"),
                arguments(named("a zero-width space, which IDNA2003 would silently drop", "exa\u200Bmple.test"),
                        "invisible or unassigned character U+200B"),
                arguments(named("a soft hyphen, which IDNA2003 would silently drop", "bü\u00ADcher.example"),
                        "invisible or unassigned character U+00AD"),
                arguments(named("a right-to-left override", "\u202Eexample.test"), "U+202E"),
                arguments(named("full-width letters, which IDNA would map to others", "ｅｘａｍｐｌｅ.test"),
                        "not in the normalised form of an internationalized domain name; give it as 'example.test'"),
                arguments(named("a decomposed umlaut, which IDNA would compose", "bu\u0308cher.example"),
                        "give it as 'bücher.example' (or 'xn--bcher-kva.example')"),
                arguments(named("an A-label whose Punycode does not decode", "xn--zz.example.test"),
                        "the label 'xn--zz', which is not a valid A-label: its Punycode does not decode"),
                arguments(named("an A-label of a decomposed umlaut", aLabel("bu\u0308cher") + ".example"), "which is not in normalised form"),
                arguments(named("an A-label of an upper-case umlaut", aLabel("bÜcher") + ".example"), "which is not in normalised form"),
                arguments(named("an A-label of a C1 control character", aLabel("exa\u0085mple") + ".test"), "decodes to a label with"),
                arguments(named("hyphens in the third and fourth place without xn", "ab--cd.example.test"),
                        "reserved for encoded labels such as xn--"),
                arguments(named("a dot at the start", ".example.test"), "has an empty label"),
                arguments(named("two trailing dots", "example.test.."), "has an empty label"),
                arguments(named("a name of 100,000 characters", "a".repeat(100_000)), "is 100000 characters long"),
                arguments(named("an IPv4 address", "192.0.2.10"), "is an IP address"),
                arguments(named("an IPv6 address", "2001:db8::1"), "is an IP address"),
                arguments(named("a bracketed IPv6 address", "[::1]"), "is an IP address"),
                arguments(named("a single label", "localhost"), "not a fully qualified domain name"),
                arguments(named("a label of 64 characters", "a" + LABEL_63 + ".example.test"),
                        "has a label of 64 characters; a label has at most 63"),
                arguments(named("a name of 254 characters", nameOfLength(254)),
                        "is 254 characters long; a domain name has at most 253"),
                arguments(named("a label with an underscore", "_acme.example.test"), "label '_acme' may only hold"),
                arguments(named("a label with a leading hyphen", "-web.example.test"), "label '-web' may only hold"),
                arguments(named("a label with a trailing hyphen", "web-.example.test"), "label 'web-' may only hold"),
                arguments(named("two dots in a row", "www..example.test"), "has an empty label"),
                arguments(named("a star inside the leftmost label", "a*.example.test"),
                        "a wildcard must be the whole leftmost label"),
                arguments(named("a star as a label that is not the leftmost", "www.*.example.test"),
                        "a wildcard must be the whole leftmost label"),
                arguments(named("two wildcard labels", "*.*.example.test"), "a wildcard must be the whole leftmost label"),
                arguments(named("a wildcard directly under a top-level domain", "*.test"),
                        "wildcard directly under a top-level domain"),
                arguments(named("a numeric top-level label", "example.123"), "top-level label cannot be numeric"),
                arguments(named("a name with a space inside", "exa mple.test"), "contains a space or other white space (U+0020) at position 4"));
    }

    @ParameterizedTest(name = "{0} is rejected with a message naming the defect")
    @MethodSource("invalidNames")
    void invalidNamesAreRejectedWithAMessageNamingTheDefect(String raw, String defect) {
        assertThat(DomainNames.problemWith(raw)).contains(defect);

        assertThatThrownBy(() -> DomainNames.normalize(List.of(raw)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .singleElement().asString().contains(defect));
    }

    @Test
    void anOverlongNameIsQuotedAbbreviatedInTheMessage() {
        String name = nameOfLength(254);

        assertThat(DomainNames.problemWith(name)).startsWith("'" + name.substring(0, 77) + "...'")
                .doesNotContain(name);
    }

    @Test
    void everyLabelIsCheckedNotOnlyTheFirst() {
        assertThat(DomainNames.problemWith("www.xn--zz.example.test")).contains("'xn--zz'");
        assertThat(DomainNames.problemWith("bücher.xn--zz.example")).contains("'xn--zz'");
    }

    @Test
    void theQuotedNameShowsInvisibleCharactersAsTheirCodePoints() {
        assertThat(DomainNames.problemWith("example.test\u0000")).startsWith("'example.test\\u0000' contains");
    }

    @Test
    void canonicalRefusesAnInvalidNameInsteadOfRepairingIt() {
        assertThatThrownBy(() -> DomainNames.canonical("example.test\u0000"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("U+0000");
    }

    @Test
    void theProblemsOfARequestNameTheField() {
        assertThatThrownBy(() -> DomainNames.normalize("sans", List.of("example.test\u0000")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("sans: 'example.test\\u0000'"));
    }

    @Test
    void aNullNameIsRejectedAsEmpty() {
        assertThat(DomainNames.problemWith(null)).contains("empty domain name");
        assertThatThrownBy(() -> DomainNames.normalize(Arrays.asList("example.test", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.problems()).singleElement().asString().contains("empty domain name"));
    }

    @Test
    void aRequestWithoutNamesIsRejected() {
        assertThatThrownBy(() -> DomainNames.normalize(List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one domain name");
        assertThatThrownBy(() -> DomainNames.normalize(null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one domain name");
    }

    @Test
    void oneHundredNamesAreAcceptedButOneHundredAndOneAreRejected() {
        List<String> hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> "host" + i + ".example.test").toList();
        assertThat(DomainNames.normalize(hundred)).hasSize(100);

        List<String> hundredAndOne = new ArrayList<>(hundred);
        hundredAndOne.add("host101.example.test");
        assertThatThrownBy(() -> DomainNames.normalize(hundredAndOne))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .singleElement().asString().contains("at most 100 names").contains("got 101"));
    }

    @Test
    void aWildcardIsAcceptedAsAName() {
        assertThat(DomainNames.normalize(List.of("*.Example.test", "example.test")))
                .containsExactly("*.example.test", "example.test");
    }

    @Test
    void allProblemsOfOneRequestAreReportedTogetherInTheOrderOfTheNames() {
        List<String> names = List.of("good.example.test", "", "10.0.0.1", "*.example.test", "bad_name.example.test",
                "also-good.example.test");

        assertThatThrownBy(() -> DomainNames.normalize(names))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(0)).contains("empty domain name");
                    assertThat(e.problems().get(1)).contains("'10.0.0.1' is an IP address");
                    assertThat(e.problems().get(2)).contains("'bad_name'");
                    assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
                });
    }

    private static String aLabel(String unicode) {
        return "xn--" + Punycode.encode(unicode);
    }

    /** A valid name of exactly {@code length} characters (labels of 63, the last one shorter). */
    private static String nameOfLength(int length) {
        StringBuilder name = new StringBuilder();
        char letter = 'a';
        while (length - name.length() > 64) {
            name.append(String.valueOf(letter++).repeat(63)).append('.');
        }
        name.append(String.valueOf(letter).repeat(length - name.length()));
        assertThat(name).hasSize(length);
        return name.toString();
    }
}
