package io.certflow.repository.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CMS interoperability with a real peer, {@code openssl cms}: what Certflow signs and encrypts, openssl verifies and
 * decrypts; what openssl signs and encrypts, Certflow verifies and decrypts. A throwaway CA (root, intermediate, RSA
 * and EC leaves) is made at runtime.
 */
class CmsOperationsTest {

    private static final String OPENSSL = System.getProperty("certflow.openssl", "/usr/bin/openssl");
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger FILES = new AtomicInteger();

    /** Binary on purpose: CR LF, lone LF, NUL and high bytes must all survive unchanged (no S/MIME canonicalisation). */
    private static final byte[] DATA = data();

    @TempDir
    static Path dir;

    private static Pki pki;

    private final CmsOperations cms = new CmsOperations();

    enum Kind { RSA, EC }

    record Party(X509Certificate certificate, PrivateKey key, Path certificatePem, Path keyPem) {
    }

    record Pki(Party root, Party intermediate, Party rsa, Party ec, Party otherRsa, Party otherEc,
            Party rogueRoot, Party rogueLeaf, Path rootPem, Path chainPem) {

        Party leaf(Kind kind) {
            return kind == Kind.RSA ? rsa : ec;
        }

        Party other(Kind kind) {
            return kind == Kind.RSA ? otherRsa : otherEc;
        }

        List<X509Certificate> trusted() {
            return List.of(root.certificate());
        }
    }

    record Result(int exit, String stdout, String stderr, List<String> command) {

        String describe() {
            return "openssl exited with " + exit + ": " + String.join(" ", command) + "\nstderr:\n" + stderr
                    + "\nstdout:\n" + stdout;
        }
    }

    @BeforeAll
    static void opensslIsThereAndACaIsMade() throws Exception {
        Result version;
        try {
            version = run(OPENSSL, "version");
        } catch (IOException e) {
            fail("openssl is needed for these interoperability tests and was not found at " + OPENSSL
                    + " (set -Dcertflow.openssl=/path/to/openssl): " + e.getMessage());
            return;
        }
        assertThat(version.exit()).as(version.describe()).isZero();

        KeyPair rootKeys = ec();
        X509Certificate root = certificate("CN=Certflow Test Root,O=Certflow Test", rootKeys, null, rootKeys.getPrivate(), 1,
                KeyUsage.keyCertSign | KeyUsage.cRLSign);
        Party rootParty = party("root", root, rootKeys.getPrivate());

        KeyPair intermediateKeys = ec();
        X509Certificate intermediate = certificate("CN=Certflow Test Intermediate,O=Certflow Test", intermediateKeys,
                root, rootKeys.getPrivate(), 0, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        Party intermediateParty = party("intermediate", intermediate, intermediateKeys.getPrivate());

        int rsaUsage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
        int ecUsage = KeyUsage.digitalSignature | KeyUsage.keyAgreement;
        Party rsa = leaf("rsa-leaf", "CN=RSA Leaf,O=Certflow Test", rsa(), intermediate, intermediateKeys.getPrivate(), rsaUsage);
        Party ec = leaf("ec-leaf", "CN=EC Leaf,O=Certflow Test", ec(), intermediate, intermediateKeys.getPrivate(), ecUsage);
        Party otherRsa = leaf("other-rsa-leaf", "CN=Other RSA Leaf,O=Certflow Test", rsa(), intermediate,
                intermediateKeys.getPrivate(), rsaUsage);
        Party otherEc = leaf("other-ec-leaf", "CN=Other EC Leaf,O=Certflow Test", ec(), intermediate,
                intermediateKeys.getPrivate(), ecUsage);

        KeyPair rogueKeys = ec();
        X509Certificate rogueRoot = certificate("CN=Rogue Root,O=Elsewhere", rogueKeys, null, rogueKeys.getPrivate(), 1,
                KeyUsage.keyCertSign | KeyUsage.cRLSign);
        Party rogueRootParty = party("rogue-root", rogueRoot, rogueKeys.getPrivate());
        Party rogueLeaf = leaf("rogue-leaf", "CN=RSA Leaf,O=Certflow Test", ec(), rogueRoot, rogueKeys.getPrivate(), ecUsage);

        Path rootPem = rootParty.certificatePem();
        Path chainPem = write("chain.pem", pem(intermediate));
        pki = new Pki(rootParty, intermediateParty, rsa, ec, otherRsa, otherEc, rogueRootParty, rogueLeaf, rootPem, chainPem);
    }

    // ------------------------------------------------------------------------------------- Certflow -> openssl

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anAttachedSignatureVerifiesWithOpenssl(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(pki.intermediate().certificate()), leaf.key(), false);
        Path in = write("attached.der", signature);
        Path out = dir.resolve("out-" + FILES.incrementAndGet() + ".bin");

        Result result = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", in.toString(),
                "-CAfile", pki.rootPem().toString(), "-purpose", "any", "-out", out.toString());

        assertThat(result.exit()).as(result.describe()).isZero();
        assertThat(Files.readAllBytes(out)).as("the content openssl took out of the signature").isEqualTo(DATA);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDetachedSignatureVerifiesWithOpenssl(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(pki.intermediate().certificate()), leaf.key(), true);
        assertThat(indexOf(signature, DATA)).as("a detached signature leaves the content out").isNegative();
        Path in = write("detached.der", signature);
        Path content = write("data.bin", DATA);
        Path out = dir.resolve("out-" + FILES.incrementAndGet() + ".bin");

        Result result = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", in.toString(),
                "-content", content.toString(), "-CAfile", pki.rootPem().toString(), "-purpose", "any",
                "-out", out.toString());

        assertThat(result.exit()).as(result.describe()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(DATA);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensslRejectsASignatureWhoseValueWasChanged(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(pki.intermediate().certificate()), leaf.key(), false);
        signature[signature.length - 1] ^= 0x01; // the last octet of the last SignerInfo's signature value
        Path in = write("tampered.der", signature);

        Result result = openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", in.toString(),
                "-CAfile", pki.rootPem().toString(), "-purpose", "any", "-out", dir.resolve("ignored.bin").toString());

        assertThat(result.exit()).as("openssl must reject it too; " + result.describe()).isNotZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void envelopedDataDecryptsWithOpenssl(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        Path in = write("enveloped.der", cms.encrypt(DATA, leaf.certificate()));
        Path out = dir.resolve("out-" + FILES.incrementAndGet() + ".bin");

        Result result = openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-in", in.toString(),
                "-recip", leaf.certificatePem().toString(), "-inkey", leaf.keyPem().toString(), "-out", out.toString());

        assertThat(result.exit()).as(result.describe()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(DATA);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void envelopedDataUsesTheChosenAlgorithmsAsOpensslSeesThem(Kind kind) throws Exception {
        Path in = write("enveloped.der", cms.encrypt(DATA, pki.leaf(kind).certificate()));

        Result result = openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", in.toString());

        assertThat(result.exit()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("aes-256-cbc");
        if (kind == Kind.RSA) {
            assertThat(result.stdout()).contains("rsaesOaep").contains("sha256");
        } else {
            assertThat(result.stdout()).contains("dhSinglePass-stdDH-sha256kdf-scheme").contains("id-aes256-wrap");
        }
    }

    // ------------------------------------------------------------------------------------- openssl -> Certflow

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anAttachedOpensslSignatureVerifies(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        byte[] signature = opensslSign(leaf, false, "DER");

        CmsVerification verification = cms.verify(signature, null, pki.trusted());

        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertThat(verification.reason()).isNull();
        assertThat(verification.signer()).isEqualTo(leaf.certificate());
        assertThat(verification.content()).isEqualTo(DATA);
        assertThat(verification.signingTime()).isBetween(Instant.now().minusSeconds(300), Instant.now().plusSeconds(60));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDetachedOpensslSignatureVerifiesWithItsContent(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        byte[] signature = opensslSign(leaf, true, "DER");

        CmsVerification verification = cms.verify(signature, DATA.clone(), pki.trusted());

        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertThat(verification.signer()).isEqualTo(leaf.certificate());
        assertThat(verification.content()).isEqualTo(DATA);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPemOpensslSignatureVerifies(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        byte[] signature = opensslSign(leaf, false, "PEM");
        assertThat(new String(signature, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CMS-----");

        CmsVerification verification = cms.verify(signature, null, pki.trusted());

        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertThat(verification.content()).isEqualTo(DATA);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void opensslEnvelopedDataDecrypts(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);

        assertThat(cms.decrypt(opensslEncrypt(leaf, "DER"), leaf.certificate(), leaf.key())).isEqualTo(DATA);
        assertThat(cms.decrypt(opensslEncrypt(leaf, "PEM"), leaf.certificate(), leaf.key())).isEqualTo(DATA);
    }

    @Test
    void opensslEnvelopedDataAddressedBySubjectKeyIdentifierDecrypts() throws Exception {
        Party leaf = pki.rsa();
        Path data = write("data.bin", DATA);
        Path out = dir.resolve("env-" + FILES.incrementAndGet() + ".der");
        Result result = openssl("cms", "-encrypt", "-binary", "-aes256", "-keyid", "-in", data.toString(),
                "-outform", "DER", "-out", out.toString(), leaf.certificatePem().toString());
        assertThat(result.exit()).as(result.describe()).isZero();

        assertThat(cms.decrypt(Files.readAllBytes(out), leaf.certificate(), leaf.key())).isEqualTo(DATA);
    }

    // ------------------------------------------------------------------------------------------- round trips

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whatCertflowSignsCertflowVerifiesWithTheSigningTime(Kind kind) {
        Party leaf = pki.leaf(kind);
        Instant before = Instant.now().minusSeconds(1);
        List<X509Certificate> chain = List.of(pki.intermediate().certificate());

        CmsVerification attached = cms.verify(cms.sign(DATA, leaf.certificate(), chain, leaf.key(), false), null, pki.trusted());
        CmsVerification detached = cms.verify(cms.sign(DATA, leaf.certificate(), chain, leaf.key(), true), DATA, pki.trusted());

        for (CmsVerification verification : List.of(attached, detached)) {
            assertThat(verification.valid()).as(verification.reason()).isTrue();
            assertThat(verification.signer()).isEqualTo(leaf.certificate());
            assertThat(verification.content()).isEqualTo(DATA);
            assertThat(verification.signingTime()).isBetween(before, Instant.now().plusSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void whatCertflowEncryptsCertflowDecrypts(Kind kind) {
        Party leaf = pki.leaf(kind);

        assertThat(cms.decrypt(cms.encrypt(DATA, leaf.certificate()), leaf.certificate(), leaf.key())).isEqualTo(DATA);
        assertThat(cms.decrypt(cms.encrypt(new byte[0], leaf.certificate()), leaf.certificate(), leaf.key())).isEmpty();
    }

    @Test
    void anIntermediateAsTheTrustedCertificateIsEnough() {
        Party leaf = pki.ec();
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(pki.intermediate().certificate()), leaf.key(), false);

        assertThat(cms.verify(signature, null, List.of(pki.intermediate().certificate())).valid()).isTrue();
        assertThat(cms.verify(signature, null, List.of(leaf.certificate())).valid()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------- negative

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSignatureWhoseValueWasChangedIsNotValid(Kind kind) {
        Party leaf = pki.leaf(kind);
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(pki.intermediate().certificate()), leaf.key(), false);
        signature[signature.length - 1] ^= 0x01;

        CmsVerification verification = cms.verify(signature, null, pki.trusted());

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).startsWith("the signature does not verify");
        assertThat(verification.signer()).isEqualTo(leaf.certificate());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anOpensslSignatureOverChangedContentIsNotValid(Kind kind) throws Exception {
        byte[] signature = opensslSign(pki.leaf(kind), false, "DER");
        int at = indexOf(signature, DATA);
        assertThat(at).as("the content is encapsulated as one octet string").isNotNegative();
        signature[at + 10] ^= 0x20;

        CmsVerification verification = cms.verify(signature, null, pki.trusted());

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).contains("message digest mismatch");
        assertThat(verification.content()).isNotEqualTo(DATA);
    }

    @Test
    void aDetachedSignatureWithOtherContentIsNotValid() throws Exception {
        byte[] signature = opensslSign(pki.rsa(), true, "DER");
        byte[] other = DATA.clone();
        other[0] ^= 0x01;

        CmsVerification verification = cms.verify(signature, other, pki.trusted());

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).contains("not the content that was signed");
    }

    @Test
    void anAttachedSignatureWithDifferentContentAlongsideIsNotValid() {
        Party leaf = pki.rsa();
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(pki.intermediate().certificate()), leaf.key(), false);

        CmsVerification same = cms.verify(signature, DATA, pki.trusted());
        CmsVerification different = cms.verify(signature, "something else".getBytes(StandardCharsets.US_ASCII), pki.trusted());

        assertThat(same.valid()).as(same.reason()).isTrue();
        assertThat(different.valid()).isFalse();
        assertThat(different.reason()).contains("differs from the content given");
    }

    @Test
    void aSignatureByACertificateOutsideTheTrustedOnesIsNotValid() throws Exception {
        Party rogue = pki.rogueLeaf();
        byte[] ours = cms.sign(DATA, rogue.certificate(), List.of(pki.rogueRoot().certificate()), rogue.key(), false);
        byte[] theirs = opensslSign(rogue, false, "DER");

        for (byte[] signature : List.of(ours, theirs)) {
            CmsVerification verification = cms.verify(signature, null, pki.trusted());
            assertThat(verification.valid()).isFalse();
            assertThat(verification.signer()).isEqualTo(rogue.certificate());
            assertThat(verification.reason()).contains("does not chain to a trusted certificate");
        }
        CmsVerification noTrust = cms.verify(ours, null, List.of());
        assertThat(noTrust.valid()).isFalse();
        assertThat(noTrust.reason()).contains("no trusted certificates");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void decryptingWithAnotherCertificateSaysItIsNotAddressedToIt(Kind kind) throws Exception {
        Party leaf = pki.leaf(kind);
        Party other = pki.other(kind);

        for (byte[] enveloped : List.of(cms.encrypt(DATA, leaf.certificate()), opensslEncrypt(leaf, "DER"))) {
            assertThatThrownBy(() -> cms.decrypt(enveloped, other.certificate(), other.key()))
                    .isInstanceOf(CmsException.class)
                    .hasMessageStartingWith("this EnvelopedData is not addressed to " + other.certificate().getSubjectX500Principal().getName())
                    .hasMessageContaining("serial 0x" + other.certificate().getSerialNumber().toString(16).toUpperCase())
                    .hasMessageContaining("serial 0x" + leaf.certificate().getSerialNumber().toString(16).toUpperCase());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void decryptingWithTheRightCertificateButAnotherKeyFails(Kind kind) {
        Party leaf = pki.leaf(kind);
        byte[] enveloped = cms.encrypt(DATA, leaf.certificate());

        assertThatThrownBy(() -> cms.decrypt(enveloped, leaf.certificate(), pki.other(kind).key()))
                .isInstanceOf(CmsException.class)
                .hasMessageStartingWith("this EnvelopedData cannot be decrypted with the given private key");
    }

    @Test
    void garbageIsRefusedWithASentence() {
        byte[] garbage = new byte[300];
        new SecureRandom().nextBytes(garbage);
        garbage[0] = 0x30; // looks like a SEQUENCE for a moment
        List<X509Certificate> trusted = pki.trusted();
        Party leaf = pki.rsa();

        assertThatThrownBy(() -> cms.verify(garbage, null, trusted)).isInstanceOf(CmsException.class)
                .hasMessageStartingWith("not a CMS SignedData structure: ");
        assertThatThrownBy(() -> cms.verify("hello".getBytes(StandardCharsets.US_ASCII), null, trusted))
                .isInstanceOf(CmsException.class).hasMessageStartingWith("not a CMS SignedData structure: ");
        assertThatThrownBy(() -> cms.verify(new byte[0], null, trusted)).isInstanceOf(CmsException.class)
                .hasMessage("not a CMS SignedData structure: the input is empty");
        assertThatThrownBy(() -> cms.decrypt(garbage, leaf.certificate(), leaf.key())).isInstanceOf(CmsException.class)
                .hasMessageStartingWith("not a CMS EnvelopedData structure: ");
        assertThatThrownBy(() -> cms.decrypt(null, leaf.certificate(), leaf.key())).isInstanceOf(CmsException.class)
                .hasMessageStartingWith("not a CMS EnvelopedData structure: ");
    }

    @Test
    void theWrongKindOfInputIsNamed() throws Exception {
        Party leaf = pki.rsa();
        byte[] enveloped = cms.encrypt(DATA, leaf.certificate());
        byte[] signature = cms.sign(DATA, leaf.certificate(), List.of(), leaf.key(), true);
        byte[] certificatePem = Files.readAllBytes(leaf.certificatePem());
        byte[] brokenPem = "-----BEGIN CMS-----\n%%%not base64%%%\n-----END CMS-----\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> cms.verify(enveloped, null, pki.trusted())).isInstanceOf(CmsException.class)
                .hasMessage("not a CMS SignedData structure: it is a CMS EnvelopedData");
        assertThatThrownBy(() -> cms.decrypt(signature, leaf.certificate(), leaf.key())).isInstanceOf(CmsException.class)
                .hasMessage("not a CMS EnvelopedData structure: it is a CMS SignedData");
        assertThatThrownBy(() -> cms.verify(certificatePem, null, pki.trusted())).isInstanceOf(CmsException.class)
                .hasMessageContaining("the PEM block is a \"CERTIFICATE\"");
        assertThatThrownBy(() -> cms.verify(brokenPem, null, pki.trusted())).isInstanceOf(CmsException.class)
                .hasMessageStartingWith("not a CMS SignedData structure: ");
        assertThatThrownBy(() -> cms.verify(signature, null, pki.trusted())).isInstanceOf(CmsException.class)
                .hasMessage("this is a detached signature: the signed content must be given with it");
    }

    @Test
    void signingWithAKeyThatIsNotTheCertificatesIsRefused() {
        assertThatThrownBy(() -> cms.sign(DATA, pki.rsa().certificate(), List.of(), pki.otherRsa().key(), false))
                .isInstanceOf(CmsException.class)
                .hasMessageContaining("does not belong to the signer certificate");
    }

    @Test
    void encryptingToACertificateWithoutAnEncryptionKeyUsageIsRefused() {
        assertThatThrownBy(() -> cms.encrypt(DATA, pki.intermediate().certificate()))
                .isInstanceOf(CmsException.class)
                .hasMessageContaining("does not allow key agreement");
    }

    // ------------------------------------------------------------------------------------------------ openssl

    private static byte[] opensslSign(Party signer, boolean detached, String outform) throws Exception {
        Path data = write("data.bin", DATA);
        Path out = dir.resolve("sig-" + FILES.incrementAndGet() + "." + outform.toLowerCase());
        List<String> args = new ArrayList<>(List.of("cms", "-sign", "-binary", "-in", data.toString(),
                "-signer", signer.certificatePem().toString(), "-inkey", signer.keyPem().toString(),
                "-certfile", (signer == pki.rogueLeaf() ? pki.rogueRoot().certificatePem() : pki.chainPem()).toString(),
                "-outform", outform, "-out", out.toString()));
        if (!detached) {
            args.add("-nodetach");
        }
        Result result = openssl(args.toArray(String[]::new));
        assertThat(result.exit()).as(result.describe()).isZero();
        return Files.readAllBytes(out);
    }

    private static byte[] opensslEncrypt(Party recipient, String outform) throws Exception {
        Path data = write("data.bin", DATA);
        Path out = dir.resolve("env-" + FILES.incrementAndGet() + "." + outform.toLowerCase());
        Result result = openssl("cms", "-encrypt", "-binary", "-aes256", "-in", data.toString(), "-outform", outform,
                "-out", out.toString(), recipient.certificatePem().toString());
        assertThat(result.exit()).as(result.describe()).isZero();
        return Files.readAllBytes(out);
    }

    private static Result openssl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = OPENSSL;
        System.arraycopy(args, 0, command, 1, args.length);
        return run(command);
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        int n = FILES.incrementAndGet();
        Path stdout = dir.resolve("openssl-" + n + ".stdout");
        Path stderr = dir.resolve("openssl-" + n + ".stderr");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(OPENSSL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("openssl did not finish within " + OPENSSL_TIMEOUT + ": " + String.join(" ", command));
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
                Files.readString(stderr, StandardCharsets.ISO_8859_1), List.of(command));
    }

    // ---------------------------------------------------------------------------------------------------- PKI

    private static Party leaf(String name, String subject, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey,
            int keyUsage) throws Exception {
        return party(name, certificate(subject, keys, issuer, issuerKey, -1, keyUsage), keys.getPrivate());
    }

    /** pathLength -1: an end-entity certificate; otherwise a CA with that path length constraint. */
    private static X509Certificate certificate(String subject, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey,
            int pathLength, int keyUsage) throws Exception {
        Instant now = Instant.now();
        X500Name subjectName = new X500Name(subject);
        X500Name issuerName = issuer == null ? subjectName : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                new BigInteger(64, new SecureRandom()).setBit(63), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subjectName, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        boolean ca = pathLength >= 0;
        builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(pathLength) : new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                ? extensions.createAuthorityKeyIdentifier(keys.getPublic())
                : extensions.createAuthorityKeyIdentifier(issuer));
        if (!ca) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static Party party(String name, X509Certificate certificate, PrivateKey key) throws Exception {
        Path certificatePem = write(name + ".pem", pem(certificate));
        Path keyPem = write(name + ".key", pem(new JcaPKCS8Generator(key, null).generate()));
        return new Party(certificate, key, certificatePem, keyPem);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path path = dir.resolve(FILES.incrementAndGet() + "-" + name);
        Files.write(path, bytes);
        return path;
    }

    private static byte[] data() {
        byte[] text = "Certflow repository data\r\nline two\nline three\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] binary = new byte[1000];
        new SecureRandom().nextBytes(binary);
        binary[0] = 0;
        binary[1] = '\n';
        binary[2] = (byte) 0xFF;
        byte[] out = Arrays.copyOf(text, text.length + binary.length);
        System.arraycopy(binary, 0, out, text.length, binary.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
