package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certflow.crypto.CertificateSubject.Attribute;
import io.certflow.crypto.CertificateSubject.Type;
import io.certflow.error.InvalidRequestException;

class CertificateSubjectTest {

    static Stream<Arguments> validSubjects() {
        return Stream.of(
                arguments(named("a common name alone", "CN=Jane Doe"), List.of(new Attribute(Type.CN, "Jane Doe"))),
                arguments(named("every allowed attribute in the order given",
                        "CN=Jane Doe,OU=Legal,O=Example,L=Berlin,ST=Berlin,C=DE,emailAddress=jane@example.test"),
                        List.of(new Attribute(Type.CN, "Jane Doe"), new Attribute(Type.OU, "Legal"), new Attribute(Type.O, "Example"),
                                new Attribute(Type.L, "Berlin"), new Attribute(Type.ST, "Berlin"), new Attribute(Type.C, "DE"),
                                new Attribute(Type.EMAIL_ADDRESS, "jane@example.test"))),
                arguments(named("attribute names in any case and spaces around the parts", " cn = Jane Doe , o = Example "),
                        List.of(new Attribute(Type.CN, "Jane Doe"), new Attribute(Type.O, "Example"))),
                arguments(named("an escaped comma and plus", "CN=Doe\\, Jane,O=A\\+B"),
                        List.of(new Attribute(Type.CN, "Doe, Jane"), new Attribute(Type.O, "A+B"))),
                arguments(named("an allowed attribute by its OID", "2.5.4.3=Jane"), List.of(new Attribute(Type.CN, "Jane"))),
                arguments(named("non-ASCII letters", "CN=Jürgen Müller,O=Straße AG"),
                        List.of(new Attribute(Type.CN, "Jürgen Müller"), new Attribute(Type.O, "Straße AG"))),
                arguments(named("a common name of exactly 64 characters", "CN=" + "x".repeat(64)),
                        List.of(new Attribute(Type.CN, "x".repeat(64)))),
                arguments(named("an email attribute with an upper-case domain, lower-cased", "E=Jane@Example.TEST"),
                        List.of(new Attribute(Type.EMAIL_ADDRESS, "Jane@example.test"))),
                arguments(named("four organizational units", "OU=a,OU=b,OU=c,OU=d"), List.of(new Attribute(Type.OU, "a"),
                        new Attribute(Type.OU, "b"), new Attribute(Type.OU, "c"), new Attribute(Type.OU, "d"))));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("validSubjects")
    void validSubjectsAreReadAttributeByAttribute(String text, List<Attribute> expected) {
        CertificateSubject subject = CertificateSubject.parse("subject", text);

        assertThat(subject.attributes()).isEqualTo(expected);
        assertThat(CertificateSubject.parse("subject", subject.toString())).as("its text reads back the same").isEqualTo(subject);
    }

    static Stream<Arguments> invalidSubjects() {
        return Stream.of(
                arguments(named("an empty text", ""), "a distinguished name such as CN=Jane Doe,O=Example is required"),
                arguments(named("a common name of 65 characters", "CN=" + "x".repeat(65)),
                        "CN is 65 characters long; at most 64 (RFC 5280)"),
                arguments(named("a common name of 100,000 characters", "CN=" + "x".repeat(100_000)),
                        "100003 characters; a subject has at most 1024"),
                arguments(named("an organization of 65 characters", "CN=a,O=" + "o".repeat(65)), "O is 65 characters long; at most 64"),
                arguments(named("a locality of 129 characters", "CN=a,L=" + "l".repeat(129)), "L is 129 characters long; at most 128"),
                arguments(named("a NUL that would leave the common name empty", "CN=\u0000"), "control character U+0000"),
                arguments(named("a NUL at the end of the common name", "CN=Jane\u0000"), "control character U+0000"),
                arguments(named("a line feed in the organization", "CN=a,O=Ex\nample"), "control character U+000A"),
                arguments(named("a right-to-left override", "CN=\u202Egnp.exe"), "U+202E"),
                arguments(named("an empty common name", "CN="), "CN is empty"),
                arguments(named("a common name of spaces", "CN=   "), "CN is empty"),
                arguments(named("an unknown OID", "1.2.3.4=x"), "the attribute '1.2.3.4' is not allowed; use CN, O, OU, L, ST, C, emailAddress"),
                arguments(named("an OID that cannot be encoded", "99.99999999999999999999=x"), "the attribute '99.99999999999999999999' is not allowed"),
                arguments(named("an attribute Certflow does not issue", "CN=a,SERIALNUMBER=1"), "the attribute 'SERIALNUMBER' is not allowed"),
                arguments(named("a user id", "UID=jane"), "the attribute 'UID' is not allowed"),
                arguments(named("a multi-valued RDN", "CN=a+O=b"), "multi-valued RDN"),
                arguments(named("a country that is no code", "CN=a,C=Germany"), "C 'Germany' is not a country code"),
                arguments(named("a lower-case country code", "CN=a,C=de"), "C 'de' is not a country code"),
                arguments(named("an email attribute that is no address", "CN=a,emailAddress=jane"), "emailAddress: 'jane' is not an email address"),
                arguments(named("an email attribute with non-ASCII", "emailAddress=jané@example.test"), "non-ASCII character"),
                arguments(named("two common names", "CN=a,CN=b"), "CN appears 2 times; at most 1"),
                arguments(named("five organizational units", "OU=a,OU=b,OU=c,OU=d,OU=e"), "OU appears 5 times; at most 4"),
                arguments(named("text without an equals sign", "Jane Doe"), "'Jane Doe' is not an attribute such as CN=Jane Doe"),
                arguments(named("two commas in a row", "CN=a,,O=b"), "two commas in a row"),
                arguments(named("a value in hex form", "CN=#0c024a61"), "'#' hex form, which is not supported"),
                arguments(named("a hex escape", "CN=J\\61ne"), "hex escapes are not supported"),
                arguments(named("a backslash at the end", "CN=Jane\\"), "a '\\' must escape one of"),
                arguments(named("an unescaped angle bracket", "CN=a<b"), "'<' must be escaped"),
                arguments(named("an unescaped semicolon", "CN=a;O=b"), "';' must be escaped"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("invalidSubjects")
    void invalidSubjectsAreRefusedNamingTheFieldAndTheRule(String text, String defect) {
        assertThatThrownBy(() -> CertificateSubject.parse("subject", text))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .anySatisfy(problem -> assertThat(problem).startsWith("subject: ").contains(defect)));
    }

    @Test
    void aCertificateForANameFitsTheCommonNameOnlyWhenTheNameFits() {
        assertThat(CertificateSubject.commonNameFor("app.example.test").toString()).isEqualTo("CN=app.example.test");
        assertThat(CertificateSubject.commonNameFor("a".repeat(60) + ".test").isEmpty()).isTrue();
    }

    @Test
    void aSubjectThatSkippedParsingCannotExist() {
        assertThatThrownBy(() -> new CertificateSubject(List.of(new Attribute(Type.CN, "x".repeat(65)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateSubject(List.of(new Attribute(Type.CN, "Jane\u0000"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateSubject(List.of(new Attribute(Type.C, "Germany"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
