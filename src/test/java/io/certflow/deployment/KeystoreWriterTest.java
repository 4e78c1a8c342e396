package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;

class KeystoreWriterTest {

    static final String PASSWORD = "keystore-secret-9";
    static final byte[] OLD_KEYSTORE = "OLD-KEYSTORE-BYTES \u00e9 not really a keystore".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path root;
    Path outside;
    Path backups;
    KeyProtection protection;
    KeystoreWriter writer;
    UUID deployment = UUID.randomUUID();
    KeyPair leafKey;
    X509Certificate leaf;
    X509Certificate issuer;
    DeployedMaterial material;

    @BeforeEach
    void aRootAPlaceOutsideItAndANewCertificate() throws Exception {
        root = Files.createDirectories(dir.resolve("keystores")).toRealPath();
        outside = Files.createDirectories(dir.resolve("etc")).toRealPath();
        Path data = Files.createDirectories(dir.resolve("data"));
        backups = data.resolve("deployment-backups");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        protection = new KeyProtection(kek);
        writer = new KeystoreWriter(new DeploymentSettings(List.of(root), Map.of(), null), protection, data);

        KeyPair issuerKey = ecKeyPair();
        leafKey = ecKeyPair();
        issuer = certificate("CN=Test Issuer", issuerKey, "CN=Test Issuer", issuerKey);
        leaf = certificate("CN=www.keystore.test", leafKey, "CN=Test Issuer", issuerKey);
        material = new DeployedMaterial(Pem.write(leaf), Pem.write(issuer), Pem.writeChain(List.of(leaf, issuer)),
                Pem.write(new JcaPKCS8Generator(leafKey.getPrivate(), null)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeystoreFormat.class)
    void theWrittenKeystoreOpensWithItsPasswordAndHoldsTheKeyAndTheWholeChainUnderTheAlias(KeystoreFormat format)
            throws Exception {
        DeploymentTarget target = target("site/server." + format.name().toLowerCase(), format, "tomcat");

        writer.write(deployment, target, material);
        writer.write(deployment, target, material);

        Path file = root.resolve("site/server." + format.name().toLowerCase());
        KeyStore store = KeyStore.getInstance(format.name());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        assertThat(store.size()).as("nothing but the new entry").isEqualTo(1);
        assertThat(store.isKeyEntry("tomcat")).isTrue();
        // The same key, whichever provider read it back (BouncyCastle's encoding names the curve, the JDK's does not).
        PrivateKey stored = (PrivateKey) store.getKey("tomcat", PASSWORD.toCharArray());
        assertThat(Keys.samePublicKey(Keys.publicKeyOf(stored), leafKey.getPublic())).as("the leaf's own key").isTrue();
        Certificate[] chain = store.getCertificateChain("tomcat");
        assertThat(chain).containsExactly(leaf, issuer);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(names(file.getParent())).as("no temporary file is left beside it").containsExactly(file.getFileName().toString());
    }

    @Test
    void aRollbackPutsBackTheExactOldKeystoreBytesAndMode() throws IOException {
        Path file = root.resolve("server.p12");
        Files.write(file, OLD_KEYSTORE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        DeploymentTarget target = target("server.p12", KeystoreFormat.PKCS12, "certflow");

        writer.keepCopy(deployment, target);
        writer.write(deployment, target, material);
        assertThat(Files.readAllBytes(file)).isNotEqualTo(OLD_KEYSTORE);
        writer.restore(deployment, target);
        writer.restore(deployment, target);

        assertThat(file).hasBinaryContent(OLD_KEYSTORE);
        assertThat(mode(file)).isEqualTo("rw-r-----");
        assertThat(names(root)).containsExactly("server.p12");
    }

    @Test
    void aRollbackRemovesAKeystoreThatDidNotExistBefore() throws IOException {
        DeploymentTarget target = target("new/server.jks", KeystoreFormat.JKS, "certflow");

        writer.keepCopy(deployment, target);
        writer.write(deployment, target, material);
        writer.restore(deployment, target);

        assertThat(root.resolve("new/server.jks")).doesNotExist();
    }

    @Test
    void keepingACopyAgainAfterTheNewKeystoreWasWrittenStillKeepsTheOldOne() throws IOException {
        Path file = root.resolve("server.p12");
        Files.write(file, OLD_KEYSTORE);
        DeploymentTarget target = target("server.p12", KeystoreFormat.PKCS12, "certflow");

        writer.keepCopy(deployment, target);
        writer.write(deployment, target, material);
        writer.keepCopy(deployment, target);
        writer.restore(deployment, target);

        assertThat(file).hasBinaryContent(OLD_KEYSTORE);
    }

    @Test
    void theKeptCopyIsOwnerOnlyAndHoldsNeitherTheOldKeystoreNorThePasswordInPlainText() throws IOException {
        Files.write(root.resolve("server.p12"), OLD_KEYSTORE);
        DeploymentTarget target = target("server.p12", KeystoreFormat.PKCS12, "certflow");

        writer.keepCopy(deployment, target);

        Path kept = backups.resolve(deployment.toString());
        assertThat(mode(backups)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.walk(kept)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(mode(file)).isEqualTo("rw-------");
                assertThat(content).doesNotContain("OLD-KEYSTORE-BYTES")
                        .doesNotContain(Base64.getEncoder().encodeToString(OLD_KEYSTORE).substring(0, 16))
                        .doesNotContain(PASSWORD);
            }
        }
        writer.discardCopy(deployment);
        assertThat(names(backups)).isEmpty();
    }

    @Test
    void aKeystorePathThatLeadsOutOfTheRootsAtWriteTimeIsRefusedAndNothingIsWritten() throws IOException {
        // Allowed when the target was saved; since then someone put a link out of the root in its place.
        Files.createSymbolicLink(root.resolve("site"), outside);
        DeploymentTarget target = target("site/server.p12", KeystoreFormat.PKCS12, "certflow");

        assertThatThrownBy(() -> writer.write(deployment, target, material))
                .isInstanceOfSatisfying(BusinessFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(FailureReason.DEPLOYMENT_REFUSED))
                .hasMessageContaining("keystore.path");
        assertThatThrownBy(() -> writer.keepCopy(deployment, target)).isInstanceOf(BusinessFailure.class);

        assertThat(names(outside)).isEmpty();
        assertThat(names(root)).containsExactly("site");
        assertThat(backups.resolve(deployment.toString())).doesNotExist();
    }

    @Test
    void materialWhoseKeyDoesNotBelongToItsCertificateIsRefusedAndTheOldKeystoreStays() throws Exception {
        Path file = root.resolve("server.p12");
        Files.write(file, OLD_KEYSTORE);
        DeployedMaterial mismatched = new DeployedMaterial(material.certificatePem(), material.chainPem(),
                material.fullChainPem(), Pem.write(new JcaPKCS8Generator(ecKeyPair().getPrivate(), null)));

        assertThatThrownBy(() -> writer.write(deployment, target("server.p12", KeystoreFormat.PKCS12, "certflow"), mismatched))
                .hasMessageContaining("key does not belong to its certificate");

        assertThat(file).hasBinaryContent(OLD_KEYSTORE);
        assertThat(names(root)).containsExactly("server.p12");
    }

    private DeploymentTarget target(String relativePath, KeystoreFormat format, String alias) {
        Instant now = Instant.now();
        String sealed = protection.encrypt(PASSWORD.getBytes(StandardCharsets.UTF_8), KeystoreFile.PASSWORD_PURPOSE);
        return new DeploymentTarget(UUID.randomUUID(), "tenant", "app", DeploymentTargetKind.KEYSTORE, null,
                new KeystoreFile(root.resolve(relativePath).toString(), format, alias, sealed), null, null, now, now);
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuerName, KeyPair issuerKey)
            throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuerName), new BigInteger(64, new SecureRandom()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400)), new X500Name(subject), subjectKey.getPublic());
        var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        // Through the JDK's factory, so that the certificates compare equal to what a KeyStore returns.
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
