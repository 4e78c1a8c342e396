package io.certflow.certificate.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.error.InvalidRequestException;

/**
 * An upload is checked as a TLS client checks a chain: beyond names and signatures, every issuing certificate must be a CA
 * allowed to sign certificates, within its issuers' path length and name constraints, without unknown critical
 * extensions, not signed with MD5 or SHA-1, with keys a client accepts; the root included, whose own self-signature alone
 * is not relied on. The corpus (bad-uploads.csv) has one chain per rule made by OpenSSL; these are the variants.
 */
class UploadParserTlsClientRulesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2100-01-01T00:00:00Z");
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private final UploadParser parser = new UploadParser(List.of());

    // ------------------------------------------------------------------------------------------------------- refused

    @Test
    void anIssuerWithoutBasicConstraintsIsNotACa() throws Exception {
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("Intermediate without Basic Constraints", ec(), root, extensions()
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)));

        assertRefused(chain(leaf("www.example.test", intermediate), intermediate, root), false,
                "the certificate (CN=Intermediate without Basic Constraints", "which issued the leaf certificate (CN=www.example.test",
                "is not a CA: it has no basic constraints extension saying CA:TRUE");
    }

    @Test
    void aRootWhoseKeyUsageLacksKeyCertSignIsRefusedAsOpenSslRefusesIt() throws Exception {
        // The JDK's validator takes the root as a bare trust anchor and would not look.
        Issued root = root("Root without keyCertSign", extensions()
                .with(Extension.basicConstraints, true, new BasicConstraints(true))
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign)));
        Issued intermediate = issue("Intermediate", ec(), root, ca());

        assertRefused(chain(leaf("www.example.test", intermediate), intermediate, root), false,
                "the certificate (CN=Root without keyCertSign", "which issued the CA certificate (CN=Intermediate",
                "may not sign certificates: its key usage allows only digitalSignature, cRLSign, not keyCertSign");
    }

    @Test
    void aPathLengthOfOneAllowsOneIntermediateNotTwo() throws Exception {
        Issued root = root("Pathlen-1 Root", extensions()
                .with(Extension.basicConstraints, true, new BasicConstraints(1))
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)));
        Issued upper = issue("Upper Intermediate", ec(), root, ca());
        Issued lower = issue("Lower Intermediate", ec(), upper, ca());

        assertThat(parse(chain(leaf("www.example.test", upper), upper, root), false).chain()).hasSize(3);
        assertRefused(chain(leaf("www.example.test", lower), lower, upper, root), false,
                "the CA certificate (CN=Pathlen-1 Root", "allows at most 1 intermediate CA certificate below it"
                        + " (path length constraint pathlen:1), but 2 follow it in the chain: (CN=Lower Intermediate",
                "(CN=Upper Intermediate");
    }

    @Test
    void theNameConstraintsOfTheRootApplyToo() throws Exception {
        Issued root = root("Example.org-only Root", ca().with(Extension.nameConstraints, true, permittedDns("example.org")));
        Issued intermediate = issue("Intermediate", ec(), root, ca());

        assertThat(parse(chain(leaf("www.example.org", intermediate), intermediate, root), false).dnsNames())
                .containsExactly("www.example.org");
        assertRefused(chain(leaf("www.example.test", intermediate), intermediate, root), false,
                "the leaf certificate (CN=www.example.test", "names DNS:www.example.test, which the name constraints of the CA"
                        + " certificate (CN=Example.org-only Root", "do not permit (permitted: DNS:example.org)");
    }

    @Test
    void anExcludedNameIsRefusedNamingTheExcludedSubtree() throws Exception {
        Issued root = root("Rules Root", ca());
        NameConstraints excluded = new NameConstraints(null,
                new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, "internal.example.test"))});
        Issued intermediate = issue("No-Internal Intermediate", ec(), root, ca().with(Extension.nameConstraints, true, excluded));

        assertRefused(chain(leaf("db.internal.example.test", intermediate), intermediate, root), false,
                "names DNS:db.internal.example.test, which the name constraints of the CA certificate (CN=No-Internal Intermediate",
                "exclude (excluded: DNS:internal.example.test)");
    }

    @Test
    void aLeafWithoutAlternativeNamesIsHeldToTheConstraintsByItsCommonName() throws Exception {
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("Example.org-only Intermediate", ec(), root,
                ca().with(Extension.nameConstraints, true, permittedDns("example.org")));
        Issued leaf = issue("www.other.test", ec(), intermediate, extensions()
                .with(Extension.basicConstraints, true, new BasicConstraints(false))
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));

        assertRefused(chain(leaf, intermediate, root), false, "the leaf certificate (CN=www.other.test",
                "names DNS:www.other.test, which the name constraints");
    }

    @Test
    void aSha1SignatureOnAnIntermediateIsRefused() throws Exception {
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("SHA-1 Intermediate", ec(), root, "SHA1withECDSA", ca());

        assertRefused(chain(leaf("www.example.test", intermediate), intermediate, root), false,
                "the CA certificate (CN=SHA-1 Intermediate", "is signed with SHA-1 (SHA1withECDSA)");
    }

    @Test
    void anRsaPssSignatureOverSha1IsRefusedToo() throws Exception {
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("RSA Intermediate", rsa(2048), root, ca());
        Issued leaf = issue("www.example.test", ec(), intermediate, "SHA1withRSAandMGF1", leafExtensions("www.example.test"));

        assertRefused(chain(leaf, intermediate, root), false, "the leaf certificate (CN=www.example.test", "is signed with SHA-1");
    }

    @Test
    void aCaKeyWeakerThanTlsClientsAcceptIsRefused() throws Exception {
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("RSA 1024 Intermediate", rsa(1024), root, ca());

        assertRefused(chain(leaf("www.example.test", intermediate), intermediate, root), false,
                "the CA certificate (CN=RSA 1024 Intermediate", "has an RSA 1024 key; at least RSA 2048 is needed");
    }

    @Test
    void aPolicyTheChainRequiresIsEnforcedByTheStandardValidator() throws Exception {
        // No rule of Certflow's own looks at certificate policies: the PKIX validation after them does.
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("Explicit-Policy Intermediate", ec(), root,
                ca().with(Extension.policyConstraints, true, new PolicyConstraints(BigInteger.ZERO, null)));

        assertRefused(chain(leaf("www.example.test", intermediate), intermediate, root), false,
                "fails the path validation a TLS client does: it does not meet the certificate policies");
    }

    @Test
    void acceptingCertificatesOutsideTheirValidityDoesNotAcceptABrokenChain() throws Exception {
        Issued root = root("Rules Root", ca());
        Issued notCa = issue("Not-a-CA Intermediate", ec(), root, leafExtensions("intermediate.example.test"));
        Issued expired = issue("expired.example.test", ec(), notCa, "SHA256withECDSA", leafExtensions("expired.example.test"),
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"));

        assertRefused(chain(expired, notCa, root), true, "the certificate (CN=Not-a-CA Intermediate",
                "is not a CA: its basic constraints say CA:FALSE");
    }

    // ------------------------------------------------------------------------------------------------------ accepted

    @Test
    void aRootSelfSignedWithSha1IsAcceptedAsNoClientReliesOnThatSignature() throws Exception {
        KeyPair keys = rsa(2048);
        Issued root = issue("SHA-1 Root", keys, null, "SHA1withRSA", ca());
        Issued intermediate = issue("Intermediate", ec(), root, "SHA256withRSA", ca());

        assertThat(parse(chain(leaf("www.example.test", intermediate), intermediate, root), false).chain()).hasSize(3);
    }

    @Test
    void anExpiredLeafBelowACaIssuedAfterItIsAcceptedAndMarkedWhenAllowed() throws Exception {
        // No instant has both valid: a validator judging the whole chain at one date could not honour the flag.
        Issued root = root("Rules Root", ca());
        Issued intermediate = issue("Intermediate", ec(), root, ca());
        Issued expired = issue("expired.example.test", ec(), intermediate, "SHA256withECDSA", leafExtensions("expired.example.test"),
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"));

        ParsedUpload upload = parse(chain(expired, intermediate, root), true);

        assertThat(upload.outsideValidity()).isTrue();
        assertThat(upload.chain()).hasSize(3);
    }

    @Test
    void aCriticalExtendedKeyUsageAndAVersionOneRootAreKnownToTlsClients() throws Exception {
        KeyPair rootKeys = ec();
        X500Name rootName = new X500Name("CN=Version 1 Root");
        X509Certificate v1 = new JcaX509CertificateConverter().getCertificate(new X509v1CertificateBuilder(rootName,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(FROM), Date.from(TO), rootName,
                SubjectPublicKeyInfo.getInstance(rootKeys.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate())));
        Issued root = new Issued(v1, rootKeys);
        Issued intermediate = issue("Intermediate", ec(), root, ca());
        Issued leaf = issue("www.example.test", ec(), intermediate, leafExtensions("www.example.test")
                .with(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));

        assertThat(parse(chain(leaf, intermediate, root), false).chain()).hasSize(3);
    }

    // ------------------------------------------------------------------------------------------------------- helpers

    private record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private record Ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    private static final class Extensions {
        final List<Ext> list = new ArrayList<>();

        Extensions with(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            list.add(new Ext(oid, critical, value));
            return this;
        }
    }

    private static Extensions extensions() {
        return new Extensions();
    }

    private static Extensions ca() {
        return extensions().with(Extension.basicConstraints, true, new BasicConstraints(true))
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }

    private static Extensions leafExtensions(String dnsName) {
        return extensions().with(Extension.basicConstraints, true, new BasicConstraints(false))
                .with(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .with(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
    }

    private static NameConstraints permittedDns(String domain) {
        return new NameConstraints(new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain))}, null);
    }

    private static Issued root(String name, Extensions extensions) throws Exception {
        return issue(name, ec(), null, extensions);
    }

    private static Issued leaf(String dnsName, Issued issuer) throws Exception {
        return issue(dnsName, ec(), issuer, leafExtensions(dnsName));
    }

    private static Issued issue(String name, KeyPair keys, Issued issuer, Extensions extensions) throws Exception {
        KeyPair signer = issuer == null ? keys : issuer.keys();
        String algorithm = signer.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return issue(name, keys, issuer, algorithm, extensions);
    }

    private static Issued issue(String name, KeyPair keys, Issued issuer, String algorithm, Extensions extensions) throws Exception {
        return issue(name, keys, issuer, algorithm, extensions, FROM, TO);
    }

    private static Issued issue(String name, KeyPair keys, Issued issuer, String algorithm, Extensions extensions,
                                Instant from, Instant to) throws Exception {
        X500Name subject = new X500Name("CN=" + name);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(from), Date.from(to), subject, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        for (Ext extension : extensions.list) {
            builder.addExtension(extension.oid(), extension.critical(), extension.value());
        }
        KeyPair signer = issuer == null ? keys : issuer.keys();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).setProvider(Keys.BOUNCY_CASTLE).build(signer.getPrivate())));
        return new Issued(certificate, keys);
    }

    /** The PEM bundle a user would upload: the certificates in order, then the leaf's key. */
    private static byte[] chain(Issued leaf, Issued... issuers) throws Exception {
        List<Object> objects = new ArrayList<>();
        objects.add(leaf.certificate());
        for (Issued issuer : issuers) {
            objects.add(issuer.certificate());
        }
        objects.add(new JcaPKCS8Generator(leaf.keys().getPrivate(), null).generate());
        return Pem.write(objects.toArray()).getBytes(StandardCharsets.US_ASCII);
    }

    private ParsedUpload parse(byte[] upload, boolean acceptOutsideValidity) {
        return parser.parse(upload, UploadFormat.PEM, null, acceptOutsideValidity, true, NOW);
    }

    private void assertRefused(byte[] upload, boolean acceptOutsideValidity, String... inOrder) {
        InvalidRequestException refusal = catchThrowableOfType(InvalidRequestException.class, () -> parse(upload, acceptOutsideValidity));

        assertThat(refusal).as("the upload must be refused").isNotNull();
        assertThat(refusal.problems()).anySatisfy(problem -> assertThat(problem).containsSubsequence(inOrder));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
