package io.certflow.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certflow.issuer.IssuerService.NewIssuer;

class AcmeIssuerFieldsTest {

    private static final NewIssuer VALID = new NewIssuer(null, "ca", "ACME", "https://ca.example/dir", "pki@example.com",
            true, null, "kid-1", "c2VjcmV0LWhtYWMta2V5", "ca.example", null);

    @Test
    void aCompleteIssuerHasNoProblem() {
        assertThat(AcmeIssuerFields.problems(VALID, false)).isEmpty();
    }

    static Stream<Arguments> overLongFields() {
        return Stream.of(
                Arguments.of("directoryUrl", change(i -> with(i, "https://ca.example/" + "d".repeat(600), i.contactEmail(), i.eabKeyId(),
                        i.eabHmacKey(), i.caaIdentity(), i.trustAnchorPem())), "directoryUrl: at most 500 characters"),
                Arguments.of("contactEmail", change(i -> with(i, i.directoryUrl(), "a".repeat(60) + "@" + "b".repeat(245) + ".com",
                        i.eabKeyId(), i.eabHmacKey(), i.caaIdentity(), i.trustAnchorPem())), "contactEmail: at most 254 characters"),
                Arguments.of("EAB keyId", change(i -> with(i, i.directoryUrl(), i.contactEmail(), "k".repeat(201), i.eabHmacKey(),
                        i.caaIdentity(), i.trustAnchorPem())), "externalAccountBinding.keyId: at most 200 characters"),
                Arguments.of("EAB hmacKey", change(i -> with(i, i.directoryUrl(), i.contactEmail(), i.eabKeyId(), "A".repeat(513),
                        i.caaIdentity(), i.trustAnchorPem())), "externalAccountBinding.hmacKey: at most 512 characters"),
                Arguments.of("caaIdentity", change(i -> with(i, i.directoryUrl(), i.contactEmail(), i.eabKeyId(), i.eabHmacKey(),
                        "c".repeat(254), i.trustAnchorPem())), "caaIdentity: at most 253 characters"),
                Arguments.of("trustAnchorPem", change(i -> with(i, i.directoryUrl(), i.contactEmail(), i.eabKeyId(), i.eabHmacKey(),
                        i.caaIdentity(), "-".repeat(65_537))), "trustAnchorPem: at most 65536 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overLongFields")
    void eachFieldHasTheLimitOfItsColumn(String field, NewIssuer issuer, String expected) {
        assertThat(AcmeIssuerFields.problems(issuer, false)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pki@example.com", "first.last+certs@mail.example.co.uk", "o'brien@example.org", "x@xn--bcher-kva.example"})
    void anEmailAddressIsAccepted(String email) {
        assertThat(AcmeIssuerFields.problems(withEmail(email), false)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mailto:pki@example.com", "pki@example.com,other@example.com", "pki@example.com?cc=other@example.com",
            "pki%40other.example@example.com", "two words@example.com", "pki@example.com\nBcc: other@example.com", ".pki@example.com",
            "pki..x@example.com", "pki@-example.com", "pki@example", "<pki@example.com>", "pki@[192.0.2.1]",
            "\"quoted\"@example.com", "pki@example.com ", "jürgen@example.com", "@example.com", "pki@"})
    void anythingButOneAddressIsRefused(String email) {
        assertThat(AcmeIssuerFields.problems(withEmail(email), false))
                .containsExactly("contactEmail: one email address such as pki@example.com (no mailto:, no second address)");
    }

    @Test
    void aLocalPartOverSixtyFourCharactersIsRefused() {
        assertThat(AcmeIssuerFields.problems(withEmail("a".repeat(65) + "@example.com"), false)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secret-key+/==", "not base64!", "====", "a b"})
    void anHmacKeyThatIsNotBase64UrlIsRefusedWithoutRepeatingIt(String key) {
        List<String> problems = AcmeIssuerFields.problems(with(VALID, VALID.directoryUrl(), VALID.contactEmail(), "kid-1", key,
                VALID.caaIdentity(), null), false);

        assertThat(problems).containsExactly(
                "externalAccountBinding.hmacKey: the HMAC key as the CA gave it, in base64url (letters, digits, '-' and '_')");
    }

    @Test
    void externalAccountBindingNeedsBothPartsOrNeither() {
        assertThat(AcmeIssuerFields.problems(with(VALID, VALID.directoryUrl(), null, "kid-1", null, null, null), false))
                .containsExactly("externalAccountBinding: needs both keyId and hmacKey");
        assertThat(AcmeIssuerFields.problems(with(VALID, VALID.directoryUrl(), null, " ", "", null, null), false)).isEmpty();
    }

    @Test
    void aKeyIdWithSpacesOrControlCharactersIsRefused() {
        assertThat(AcmeIssuerFields.problems(with(VALID, VALID.directoryUrl(), null, "kid 1\n", "c2VjcmV0", null, null), false))
                .containsExactly("externalAccountBinding.keyId: the key identifier the CA gave, in printable ASCII without spaces");
    }

    @Test
    void aTrustAnchorThatIsNotPemIsRefused() {
        assertThat(AcmeIssuerFields.problems(with(VALID, VALID.directoryUrl(), null, null, null, null, "not pem"), false))
                .singleElement().asString().startsWith("trustAnchorPem: ");
    }

    @Test
    void httpDirectoriesFollowTheSetting() {
        NewIssuer http = with(VALID, "http://127.0.0.1:14000/dir", null, null, null, null, null);

        assertThat(AcmeIssuerFields.problems(http, true)).isEmpty();
        assertThat(AcmeIssuerFields.problems(http, false)).singleElement().asString().startsWith("directoryUrl: must be an https URL");
    }

    private static NewIssuer withEmail(String email) {
        return with(VALID, VALID.directoryUrl(), email, VALID.eabKeyId(), VALID.eabHmacKey(), VALID.caaIdentity(), null);
    }

    private static NewIssuer change(UnaryOperator<NewIssuer> change) {
        return change.apply(VALID);
    }

    private static NewIssuer with(NewIssuer i, String directoryUrl, String email, String keyId, String hmacKey, String caa, String pem) {
        return new NewIssuer(i.tenant(), i.name(), i.type(), directoryUrl, email, i.termsOfServiceAgreed(), pem, keyId, hmacKey, caa,
                i.approvalRequired());
    }

    @Test
    void aPrivateCaGivenTheFieldsOfAnAcmeIssuerIsRefusedNamingEach() {
        assertThat(AcmeIssuerFields.givenForAPrivateCa(VALID)).hasSize(5).allMatch(problem -> problem.contains("only an ACME issuer"))
                .anyMatch(problem -> problem.startsWith("directoryUrl:")).anyMatch(problem -> problem.startsWith("externalAccountBinding:"));
        assertThat(AcmeIssuerFields.givenForAPrivateCa(new NewIssuer(null, "ca", "PRIVATE_CA", null, null, null, null, null, null,
                null, true))).isEmpty();
    }
}
