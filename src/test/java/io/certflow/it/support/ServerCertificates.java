package io.certflow.it.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA and the server certificates it signs, for the deployment tests: what a deployment writes to a target
 * and what {@link NginxServer} then serves. Each certificate has its own random serial, which is how a test tells
 * "certificate A" from "certificate B" at the TLS endpoint.
 *
 * <pre>{@code
 * ServerCertificates ca = ServerCertificates.newCa();
 * ServerCertificates.Issued a = ca.issue("www.example.test");
 * a.writePemFiles(dir); // fullchain.pem + privkey.pem, as nginx's ssl_certificate / ssl_certificate_key
 * }</pre>
 */
public final class ServerCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate caCertificate;
    private final KeyPair caKey;

    private ServerCertificates(X509Certificate caCertificate, KeyPair caKey) {
        this.caCertificate = caCertificate;
        this.caKey = caKey;
    }

    /** A new CA (EC P-256, valid from an hour ago for 30 days). */
    public static ServerCertificates newCa() {
        try {
            KeyPair key = ecKey();
            X500Name name = new X500Name("CN=certflow deployment test CA " + Long.toHexString(RANDOM.nextLong()));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(),
                    Date.from(Instant.now().plus(Duration.ofDays(30))), name, key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key.getPublic()));
            return new ServerCertificates(sign(builder, key), key);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Could not make a test CA", e);
        }
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A server certificate for {@code dnsNames} (the first is the CN), valid from an hour ago for {@code validity}. */
    public Issued issue(Duration validity, String... dnsNames) {
        if (dnsNames.length == 0) {
            throw new IllegalArgumentException("At least one DNS name");
        }
        try {
            KeyPair key = ecKey();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(), notBefore(),
                    Date.from(Instant.now().plus(validity)), new X500Name("CN=" + dnsNames[0]), key.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(dnsNames)
                    .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(caCertificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(key.getPublic()));
            return new Issued(sign(builder, caKey), caCertificate, key.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Could not issue a test certificate for " + Arrays.toString(dnsNames), e);
        }
    }

    /** A server certificate for {@code dnsNames}, valid for 7 days. */
    public Issued issue(String... dnsNames) {
        return issue(Duration.ofDays(7), dnsNames);
    }

    /** One issued certificate, its CA and its private key. */
    public record Issued(X509Certificate certificate, X509Certificate ca, PrivateKey privateKey) {

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }

        public String certificatePem() {
            return pem(certificate);
        }

        /** The chain without the leaf: here just the CA, as a CA's "chain.pem" would hold its intermediate. */
        public String chainPem() {
            return pem(ca);
        }

        /** Leaf then CA, as nginx's {@code ssl_certificate} wants it. */
        public String fullChainPem() {
            return certificatePem() + chainPem();
        }

        /** Unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). */
        public String privateKeyPem() {
            return pem(privateKey);
        }

        /**
         * Writes {@value NginxServer#FULL_CHAIN_FILE} and {@value NginxServer#PRIVATE_KEY_FILE} (mode 0600) into
         * {@code dir}, each through a temporary file in the same directory and a rename, so nginx reloading at any
         * moment reads either the old file or the new one, never half of one.
         */
        public void writePemFiles(Path dir) throws IOException {
            writeAtomically(dir.resolve(NginxServer.PRIVATE_KEY_FILE), privateKeyPem());
            writeAtomically(dir.resolve(NginxServer.FULL_CHAIN_FILE), fullChainPem());
        }
    }

    /** Replaces {@code file} with {@code content} through a temporary file and a rename (mode 0600). */
    public static void writeAtomically(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, content);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null).generate() : object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** Random and positive, 64 bits: distinct for every certificate of a test run. */
    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(63);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
}
