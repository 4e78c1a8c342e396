package io.certflow.certificate.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import io.certflow.crypto.Pem;
import io.certflow.error.InvalidRequestException;

/**
 * A CA certificate of an uploaded chain that is expired or not yet valid makes every client's verification fail just as an
 * expired leaf does: it is refused unless certificates outside their validity are allowed, and then marked.
 */
class UploadParserChainValidityTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant LAST_YEAR = Instant.parse("2029-01-01T00:00:00Z");
    private static final Instant FAR_AHEAD = Instant.parse("2120-01-01T00:00:00Z");

    private final UploadParser parser = new UploadParser(List.of());

    @Test
    void aChainWithAnExpiredIntermediateIsRefusedNamingTheIntermediate() throws Exception {
        Upload upload = upload(LONG_AGO, FAR_AHEAD, LONG_AGO, LAST_YEAR);

        assertThatThrownBy(() -> parse(upload, false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("the CA certificate (CN=Expiring Intermediate CA")
                .hasMessageContaining("has expired: its notAfter was 2029-01-01T00:00:00Z")
                .hasMessageNotContaining("the leaf certificate");
    }

    @Test
    void aChainWithAnExpiredIntermediateIsAcceptedAndMarkedWhenAllowed() throws Exception {
        ParsedUpload parsed = parse(upload(LONG_AGO, FAR_AHEAD, LONG_AGO, LAST_YEAR), true);

        assertThat(parsed.outsideValidity()).isTrue();
        assertThat(parsed.chain()).hasSize(3);
    }

    @Test
    void aChainWithARootNotValidYetIsRefusedNamingTheRoot() throws Exception {
        Upload upload = upload(Instant.parse("2031-01-01T00:00:00Z"), FAR_AHEAD, LONG_AGO, FAR_AHEAD);

        assertThatThrownBy(() -> parse(upload, false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("the CA certificate (CN=Expiring Root CA")
                .hasMessageContaining("is not valid yet: its notBefore is 2031-01-01T00:00:00Z");
    }

    @Test
    void aChainValidThroughoutIsNotMarked() throws Exception {
        assertThat(parse(upload(LONG_AGO, FAR_AHEAD, LONG_AGO, FAR_AHEAD), false).outsideValidity()).isFalse();
    }

    private ParsedUpload parse(Upload upload, boolean acceptOutsideValidity) {
        return parser.parse(upload.pem().getBytes(StandardCharsets.US_ASCII), UploadFormat.PEM, null, acceptOutsideValidity, true, NOW);
    }

    private record Upload(String pem) {
    }

    /** Leaf (valid 2020 to 2120) by an intermediate by a root, each CA valid for the given time. */
    private static Upload upload(Instant rootFrom, Instant rootTo, Instant intermediateFrom, Instant intermediateTo) throws Exception {
        KeyPair rootKeys = ec();
        KeyPair intermediateKeys = ec();
        KeyPair leafKeys = ec();
        X509Certificate root = certificate("CN=Expiring Root CA", rootKeys, null, rootKeys.getPrivate(), rootFrom, rootTo, true);
        X509Certificate intermediate = certificate("CN=Expiring Intermediate CA", intermediateKeys, root, rootKeys.getPrivate(),
                intermediateFrom, intermediateTo, true);
        X509Certificate leaf = certificate("CN=www.example.test", leafKeys, intermediate, intermediateKeys.getPrivate(),
                LONG_AGO, FAR_AHEAD, false);
        return new Upload(Pem.write(leaf, intermediate, root, new JcaPKCS8Generator(leafKeys.getPrivate(), null).generate()));
    }

    private static X509Certificate certificate(String subject, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey,
                                               Instant from, Instant to, boolean ca) throws Exception {
        X500Name subjectName = new X500Name(subject);
        X500Name issuerName = issuer == null ? subjectName : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(to), subjectName, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        // The root allows the one intermediate below it (no path length limit), the intermediate none.
        builder.addExtension(Extension.basicConstraints, true, !ca ? new BasicConstraints(false)
                : issuer == null ? new BasicConstraints(true) : new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "www.example.test")));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
