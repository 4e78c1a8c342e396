package io.certflow.certificate.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certflow.crypto.Pem;

/**
 * The standard PKIX validator alone, on the corpus chains (leaf, intermediate, root as uploaded): it refuses what a TLS
 * client refuses, in words naming the certificate, and leaves dates to the upload's own validity check.
 */
class PathValidationTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            intermediate-not-a-ca.pem            | the CA certificate (CN=Certflow Test Not-a-CA Intermediate | its key usage does not allow
            intermediate-without-keycertsign.pem | the CA certificate (CN=Certflow Test No-keyCertSign Intermediate CA | its key usage does not allow
            name-constraints-violated.pem        | the leaf certificate (CN=other.test | a name that the name constraints of a CA certificate above it do not permit
            unknown-critical-extension.pem       | the CA certificate (CN=Certflow Test Critical-Extension Intermediate CA | a critical extension that is not known
            md5-signed-intermediate.pem          | the CA certificate (CN=Certflow Test MD5-Signed Intermediate CA | refused by the Java security policy
            """)
    void refusesWhatATlsClientRefusesNamingTheCertificate(String file, String certificate, String rule) {
        List<String> problems = PathValidation.validate(chain("bad/" + file), NOW);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .containsSubsequence(certificate, "fails the path validation a TLS client does", rule)
                .doesNotContain("Exception").doesNotContain("sun.").doesNotContain("java."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec-p256-chain-pkcs8-key.pem", "rsa2048-key-first-traditional-rsa-key.pem",
            "ec-p384-wildcard-chain-ec-params-and-ec-key.pem", "name-constrained-intermediate-leaf-within.pem",
            "md5-self-signed-root-chain.pem", "ca-intermediate-and-root-without-key.pem",
            // the leaf expired in 2021, before its intermediate was issued: no single date has the chain valid
            "expired-leaf-accepted-with-flag.pem"})
    void acceptsTheGoodChainsWhateverTheirDates(String file) {
        assertThat(PathValidation.validate(chain("good/" + file), NOW)).isEmpty();
    }

    private static List<X509Certificate> chain(String name) {
        try (InputStream in = PathValidationTest.class.getResourceAsStream("/uploads/" + name)) {
            Matcher blocks = CERTIFICATE.matcher(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            StringBuilder certificates = new StringBuilder();
            while (blocks.find()) {
                certificates.append(blocks.group()).append('\n');
            }
            return Pem.readCertificates(certificates.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
