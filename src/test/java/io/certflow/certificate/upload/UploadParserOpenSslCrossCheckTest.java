package io.certflow.certificate.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certflow.crypto.Pem;
import io.certflow.error.InvalidRequestException;
import io.certflow.it.support.OpenSsl;

/**
 * OpenSSL as the TLS client: {@code openssl verify} at security level 2 (Debian's default for TLS) and strict X.509 refuses
 * each chain of the corpus that Certflow refuses for a TLS client rule, for the same reason, and accepts every good chain
 * Certflow accepts. The chain is the one in the file: leaf, intermediates as untrusted, the root as the only trusted one.
 */
class UploadParserOpenSslCrossCheckTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            intermediate-not-a-ca.pem            | invalid CA certificate
            intermediate-without-keycertsign.pem | key usage does not include certificate signing
            path-length-exceeded.pem             | path length constraint exceeded
            name-constraints-violated.pem        | permitted subtree violation
            unknown-critical-extension.pem       | unhandled critical extension
            sha1-signed-leaf.pem                 | CA signature digest algorithm too weak
            md5-signed-intermediate.pem          | CA signature digest algorithm too weak
            """)
    void openSslRefusesTheChainsCertflowRefusesForATlsClientRule(String file, String openSslError) throws IOException {
        byte[] upload = read("bad/" + file);
        InvalidRequestException refusal = catchThrowableOfType(InvalidRequestException.class,
                () -> new UploadParser(List.of()).parse(upload, UploadFormat.PEM, null, false, true, NOW));
        assertThat(refusal).as("Certflow refuses %s", file).isNotNull();

        OpenSsl.Outcome verify = verify(certificates(upload), false);

        assertThat(verify.exitCode()).as(verify.output()).isNotZero();
        assertThat(verify.output()).contains(openSslError);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ec-p256-chain-pkcs8-key.pem                                 | PEM    | -                            | false | false | true
            rsa2048-chain-encrypted-pkcs8-key.pem                       | PEM    | correct horse battery staple | false | false | true
            rsa2048-key-first-traditional-rsa-key.pem                   | PEM    | -                            | false | false | true
            ec-p384-wildcard-chain-ec-params-and-ec-key.pem             | PEM    | -                            | false | false | true
            ec-p256-chain.p12                                           | PKCS12 | changeit                     | false | false | true
            ec-p256-chain-to-trusted-root.pem                           | PEM    | -                            | true  | false | true
            expired-leaf-accepted-with-flag.pem                         | PEM    | -                            | false | true  | true
            ca-intermediate-and-root-without-key.pem                    | PEM    | -                            | false | false | false
            ec-p256-chain-with-byte-order-mark.pem                      | PEM    | -                            | false | false | true
            ec-p256-chain-concatenated-files-with-byte-order-marks.pem  | PEM    | -                            | false | false | true
            name-constrained-intermediate-leaf-within.pem               | PEM    | -                            | false | false | true
            md5-self-signed-root-chain.pem                              | PEM    | -                            | false | false | true
            """)
    void openSslAcceptsTheChainsCertflowAccepts(String file, UploadFormat format, String password, boolean trustRoot,
                                                boolean acceptOutsideValidity, boolean requireKey) {
        List<X509Certificate> trustStore = trustRoot ? certificates(read("good/trust-store-root.pem")) : List.of();
        ParsedUpload upload = new UploadParser(trustStore).parse(read("good/" + file), format,
                password == null ? null : password.toCharArray(), acceptOutsideValidity, requireKey, NOW);

        // Validity was judged by Certflow against the flag; OpenSSL is asked about everything else.
        OpenSsl.Outcome verify = verify(upload.chain(), acceptOutsideValidity);

        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    /** openssl verify of the first certificate, the last one trusted, the ones between untrusted. */
    private OpenSsl.Outcome verify(List<X509Certificate> chain, boolean ignoreDates) {
        try {
            Files.writeString(dir.resolve("leaf.pem"), Pem.write(chain.get(0)));
            Files.writeString(dir.resolve("root.pem"), Pem.write(chain.get(chain.size() - 1)));
            List<String> args = new ArrayList<>(List.of("verify", "-x509_strict", "-auth_level", "2", "-CAfile", "root.pem"));
            if (chain.size() > 2) {
                Files.writeString(dir.resolve("untrusted.pem"), Pem.write(chain.subList(1, chain.size() - 1).toArray()));
                args.addAll(List.of("-untrusted", "untrusted.pem"));
            }
            if (ignoreDates) {
                args.add("-no_check_time");
            }
            args.add("leaf.pem");
            return new OpenSsl(dir).attempt(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<X509Certificate> certificates(byte[] pem) {
        Matcher blocks = CERTIFICATE.matcher(new String(pem, StandardCharsets.ISO_8859_1));
        StringBuilder certificates = new StringBuilder();
        while (blocks.find()) {
            certificates.append(blocks.group()).append('\n');
        }
        return Pem.readCertificates(certificates.toString());
    }

    private static byte[] read(String name) {
        try (InputStream in = UploadParserOpenSslCrossCheckTest.class.getResourceAsStream("/uploads/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
