package io.certflow.certificate.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.error.InvalidRequestException;

/**
 * The upload corpus under src/test/resources/uploads (made once by make-corpus.sh): good uploads are accepted with the right
 * leaf, chain, names and key type; each malformed one, listed in bad-uploads.csv, is refused naming its defect.
 */
class UploadParserTest {

    /** Good certificates are valid 2026-2126, the expired one 2020-2021, the not-yet-valid one 2100-2110. */
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String P12_PASSWORD = "changeit";
    private static final String KEY_PASSPHRASE = "correct horse battery staple";

    private final UploadParser parser = new UploadParser(List.of());

    // ------------------------------------------------------------------------------------------------------ good

    record Good(String file, UploadFormat format, String password, boolean trustRoot, boolean acceptOutsideValidity,
                boolean requireKey, String leafCommonName, int chainLength, List<String> names, String keyType,
                boolean outsideValidity, String root) {

        /** A chain to the corpus's main test root. */
        Good(String file, UploadFormat format, String password, boolean trustRoot, boolean acceptOutsideValidity,
             boolean requireKey, String leafCommonName, int chainLength, List<String> names, String keyType,
             boolean outsideValidity) {
            this(file, format, password, trustRoot, acceptOutsideValidity, requireKey, leafCommonName, chainLength, names,
                    keyType, outsideValidity, "CN=Certflow Test Root CA,O=Certflow Test");
        }
    }

    static Stream<Arguments> goodUploads() {
        return Stream.of(
                good("EC P-256 leaf, intermediate and root, unencrypted PKCS#8 key",
                        new Good("good/ec-p256-chain-pkcs8-key.pem", UploadFormat.PEM, null, false, false, true,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("RSA 2048 leaf with an encrypted PKCS#8 key and its passphrase",
                        new Good("good/rsa2048-chain-encrypted-pkcs8-key.pem", UploadFormat.PEM, KEY_PASSPHRASE, false, false, true,
                                "rsa.example.test", 3, List.of("rsa.example.test"), "RSA_2048", false)),
                good("RSA 2048 with the key first, as RSA PRIVATE KEY",
                        new Good("good/rsa2048-key-first-traditional-rsa-key.pem", UploadFormat.PEM, null, false, false, true,
                                "rsa.example.test", 3, List.of("rsa.example.test"), "RSA_2048", false)),
                good("RSA 2048 with a legacy encrypted RSA PRIVATE KEY (Proc-Type) and its passphrase",
                        new Good("good/rsa2048-chain-legacy-encrypted-rsa-key.pem", UploadFormat.PEM, KEY_PASSPHRASE, false, false,
                                true, "rsa.example.test", 3, List.of("rsa.example.test"), "RSA_2048", false)),
                good("EC P-384 wildcard leaf with EC PARAMETERS and an EC PRIVATE KEY",
                        new Good("good/ec-p384-wildcard-chain-ec-params-and-ec-key.pem", UploadFormat.PEM, null, false, false, true,
                                "p384.example.test", 3, List.of("p384.example.test", "*.p384.example.test"), "EC_P384", false)),
                good("PKCS#12 with its password",
                        new Good("good/ec-p256-chain.p12", UploadFormat.PKCS12, P12_PASSWORD, false, false, true,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("PKCS#12 exported by OpenSSL 3 with an empty password, given as none",
                        new Good("good/ec-p256-chain-empty-password.p12", UploadFormat.PKCS12, null, false, false, true,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("PKCS#12 exported by OpenSSL 3 with an empty password, given as empty",
                        new Good("good/ec-p256-chain-empty-password.p12", UploadFormat.PKCS12, "", false, false, true,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("a chain ending at an intermediate whose root is in the trust store",
                        new Good("good/ec-p256-chain-to-trusted-root.pem", UploadFormat.PEM, null, true, false, true,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("an expired leaf, accepted with the flag",
                        new Good("good/expired-leaf-accepted-with-flag.pem", UploadFormat.PEM, null, false, true, true,
                                "expired.example.test", 3, List.of("expired.example.test"), "EC_P256", true)),
                good("a CA certificate with its root, without key and DNS names",
                        new Good("good/ca-intermediate-and-root-without-key.pem", UploadFormat.PEM, null, false, false, false,
                                "Certflow Test Intermediate CA", 2, List.of(), "EC_P256", false)),
                good("a PKCS#12 without key when no key is required",
                        new Good("bad/pkcs12-certificates-only.p12", UploadFormat.PKCS12, P12_PASSWORD, false, false, false,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("a UTF-8 byte-order mark at the start of the file, as Windows editors write it",
                        new Good("good/ec-p256-chain-with-byte-order-mark.pem", UploadFormat.PEM, null, false, false, true,
                                "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("files each with a byte-order mark, concatenated",
                        new Good("good/ec-p256-chain-concatenated-files-with-byte-order-marks.pem", UploadFormat.PEM, null, false,
                                false, true, "www.example.test", 3, List.of("www.example.test", "example.test"), "EC_P256", false)),
                good("a leaf within the name constraints of its intermediate",
                        new Good("good/name-constrained-intermediate-leaf-within.pem", UploadFormat.PEM, null, false, false, true,
                                "www.example.org", 3, List.of("www.example.org"), "EC_P256", false,
                                "CN=Certflow Rules Test Root CA,O=Certflow Test")),
                good("a chain to a root self-signed with MD5, a signature no client relies on",
                        new Good("good/md5-self-signed-root-chain.pem", UploadFormat.PEM, null, false, false, true,
                                "www.example.test", 3, List.of("www.example.test"), "EC_P256", false,
                                "CN=Certflow Test MD5 Self-Signed Root CA,O=Certflow Test")));
    }

    private static Arguments good(String description, Good good) {
        return arguments(named(description, good));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodUploads")
    void acceptsGoodUploads(Good good) throws Exception {
        UploadParser parser = good.trustRoot() ? new UploadParser(List.of(trustedRoot())) : this.parser;

        ParsedUpload upload = parser.parse(read(good.file()), good.format(), chars(good.password()),
                good.acceptOutsideValidity(), good.requireKey(), NOW);

        assertThat(upload.leaf().getSubjectX500Principal().getName()).startsWith("CN=" + good.leafCommonName() + ",");
        assertThat(upload.chain()).hasSize(good.chainLength()).startsWith(upload.leaf());
        for (int i = 0; i + 1 < upload.chain().size(); i++) {
            upload.chain().get(i).verify(upload.chain().get(i + 1).getPublicKey());
        }
        X509Certificate root = upload.chain().get(upload.chain().size() - 1);
        root.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo(good.root());
        assertThat(upload.dnsNames()).containsExactlyElementsOf(good.names());
        assertThat(upload.keyType()).isEqualTo(good.keyType());
        assertThat(upload.outsideValidity()).isEqualTo(good.outsideValidity());
        if (good.requireKey()) {
            assertThat(upload.privateKey()).isNotNull();
            assertThat(Keys.samePublicKey(Keys.publicKeyOf(upload.privateKey()), upload.leaf().getPublicKey())).isTrue();
        } else {
            assertThat(upload.privateKey()).isNull();
        }
    }

    @Test
    void theTrustedRootEndsTheChainAsTheSameCertificate() {
        X509Certificate root = trustedRoot();
        ParsedUpload upload = new UploadParser(List.of(root))
                .parse(read("good/ec-p256-chain-to-trusted-root.pem"), UploadFormat.PEM, null, false, true, NOW);

        assertThat(upload.chain().get(2)).isEqualTo(root);
    }

    @Test
    void theSameExpiredLeafIsRefusedWithoutTheFlag() {
        assertRefused(() -> parser.parse(read("good/expired-leaf-accepted-with-flag.pem"), UploadFormat.PEM, null, false, true, NOW),
                "has expired: its notAfter was 2021-01-01T00:00:00Z");
    }

    @Test
    void aSelfSignedLeafIsAcceptedWhenTheTrustStoreHoldsIt() {
        byte[] content = read("bad/self-signed-leaf-not-in-store.pem");
        String pem = new String(content, StandardCharsets.US_ASCII);
        X509Certificate self = Pem.readCertificates(pem.substring(0, pem.indexOf("-----BEGIN PRIVATE KEY-----"))).get(0);

        ParsedUpload upload = new UploadParser(List.of(self)).parse(content, UploadFormat.PEM, null, false, true, NOW);

        assertThat(upload.chain()).containsExactly(self);
        assertThat(upload.dnsNames()).containsExactly("self.example.test");
    }

    // ------------------------------------------------------------------------------------------------------- bad

    @ParameterizedTest(name = "{0} ({1}) is refused: {4}")
    @CsvFileSource(resources = "/uploads/bad-uploads.csv", numLinesToSkip = 1)
    void refusesMalformedUploads(String file, UploadFormat format, String password, boolean requireKey, String expected) {
        InvalidRequestException refusal = catchThrowableOfType(InvalidRequestException.class,
                () -> parser.parse(read("bad/" + file), format, chars(password), false, requireKey, NOW));

        assertThat(refusal).as("%s must be refused", file).isNotNull();
        List<String> parts = Arrays.asList(expected.split(" \\.\\.\\. "));
        assertThat(refusal.problems())
                .as("the problems found in %s", file)
                .anySatisfy(problem -> assertThat(problem).containsSubsequence(parts));
        assertThat(refusal.problems()).allSatisfy(problem -> assertThat(problem).isNotBlank().doesNotContain("null"));
    }

    @Test
    void theCorpusHoldsAtLeastThirtyMalformedUploadsAllListedInTheIndex() throws IOException, URISyntaxException {
        Path directory = Path.of(UploadParserTest.class.getResource("/uploads/bad").toURI());
        List<String> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.map(path -> path.getFileName().toString()).sorted().toList();
        }
        List<String> listed = new ArrayList<>();
        for (String line : new String(read("bad-uploads.csv"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("file,")) {
                listed.add(line.substring(0, line.indexOf(',')));
            }
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void independentProblemsAreReportedTogether() {
        InvalidRequestException refusal = catchThrowableOfType(InvalidRequestException.class,
                () -> parser.parse(read("bad/expired-rsa1024-leaf-with-invalid-name.pem"), UploadFormat.PEM, null, false, true, NOW));

        assertThat(refusal.problems()).hasSize(3);
        assertThat(refusal.problems()).anySatisfy(problem -> assertThat(problem).contains("RSA 1024 is too small"));
        assertThat(refusal.problems()).anySatisfy(problem -> assertThat(problem).contains("'bad_name.example.test'"));
        assertThat(refusal.problems()).anySatisfy(problem -> assertThat(problem).contains("has expired"));
    }

    @Test
    void aMissingKeyAndAnOutOfOrderChainAreBothReported() {
        String pem = new String(read("bad/chain-out-of-order.pem"), StandardCharsets.US_ASCII);
        byte[] withoutKey = pem.substring(0, pem.indexOf("-----BEGIN PRIVATE KEY-----")).getBytes(StandardCharsets.US_ASCII);

        InvalidRequestException refusal = catchThrowableOfType(InvalidRequestException.class,
                () -> parser.parse(withoutKey, UploadFormat.PEM, null, false, true, NOW));

        assertThat(refusal.problems()).hasSize(2);
        assertThat(refusal.problems().get(0)).contains("holds no private key");
        assertThat(refusal.problems().get(1)).contains("the chain is out of order");
    }

    @Test
    void refusesMoreThanOneMebibyteNamingTheLimit() {
        byte[] content = new byte[UploadParser.MAX_BYTES + 1];
        Arrays.fill(content, (byte) 'A');

        assertRefused(() -> parser.parse(content, UploadFormat.PEM, null, false, true, NOW), "more than the limit of 1048576 bytes");
        assertRefused(() -> parser.parse(content, UploadFormat.PKCS12, null, false, true, NOW), "more than the limit of 1048576 bytes");
    }

    @Test
    void acceptsAnUploadOfExactlyTheLimit() {
        byte[] good = read("good/ec-p256-chain-pkcs8-key.pem");
        byte[] content = new byte[UploadParser.MAX_BYTES];
        Arrays.fill(content, (byte) '\n');
        System.arraycopy(good, 0, content, 0, good.length);

        assertThat(parser.parse(content, UploadFormat.PEM, null, false, true, NOW).keyType()).isEqualTo("EC_P256");
    }

    @Test
    void toleratesAByteOrderMarkWindowsLineEndsAndTextBetweenTheBlocks() {
        String pem = new String(read("good/ec-p256-chain-pkcs8-key.pem"), StandardCharsets.US_ASCII)
                .replace("-----BEGIN", "Bag Attributes\n    friendlyName: www.example.test\nsubject=CN = something\n-----BEGIN")
                .replace("\n", "\r\n");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = pem.getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, content, bom.length, body.length);

        ParsedUpload upload = parser.parse(content, UploadFormat.PEM, null, false, true, NOW);

        assertThat(upload.chain()).hasSize(3);
        assertThat(upload.dnsNames()).containsExactly("www.example.test", "example.test");
    }

    @Test
    void acceptsAFileSavedAsUtf16WithItsByteOrderMark() {
        String pem = new String(read("good/ec-p256-chain-pkcs8-key.pem"), StandardCharsets.US_ASCII);

        for (java.nio.charset.Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            ParsedUpload upload = parser.parse(("\uFEFF" + pem).getBytes(utf16), UploadFormat.PEM, null, false, true, NOW);

            assertThat(upload.chain()).as("%s", utf16).hasSize(3);
        }
    }

    @Test
    void aPemFileWithAByteOrderMarkSentAsPkcs12IsToldItIsPem() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] blankLinesFirst = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] pem = read("good/ec-p256-chain-pkcs8-key.pem");
        byte[] content = new byte[bom.length + blankLinesFirst.length + pem.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(blankLinesFirst, 0, content, bom.length, blankLinesFirst.length);
        System.arraycopy(pem, 0, content, bom.length + blankLinesFirst.length, pem.length);

        assertRefused(() -> parser.parse(content, UploadFormat.PKCS12, "changeit".toCharArray(), false, true, NOW),
                "the file is PEM text, not PKCS#12: upload it as PEM");
    }

    @Test
    void refusesNoContent() {
        assertRefused(() -> parser.parse(null, UploadFormat.PEM, null, false, true, NOW), "the upload is empty");
        assertRefused(() -> parser.parse(new byte[0], UploadFormat.PKCS12, null, false, true, NOW), "the upload is empty");
    }

    @Test
    void refusesAMissingFormat() {
        assertRefused(() -> parser.parse(read("good/ec-p256-chain-pkcs8-key.pem"), null, null, false, true, NOW),
                "the upload format is missing");
    }

    // --------------------------------------------------------------------------------------------------- helpers

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String phrase) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidRequestException.class,
                refusal -> assertThat(refusal.problems()).anySatisfy(problem -> assertThat(problem).contains(phrase)));
    }

    private static X509Certificate trustedRoot() {
        return Pem.readCertificates(new String(read("good/trust-store-root.pem"), StandardCharsets.US_ASCII)).get(0);
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }

    private static byte[] read(String name) {
        try (InputStream in = UploadParserTest.class.getResourceAsStream("/uploads/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /uploads/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
