package io.certflow.issuer.privateca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.certflow.crypto.CertificateSubject;

/** Builds CA and leaf certificates with BouncyCastle. Pure: no storage, no clock but the one given. */
final class CertificateBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Back-dating absorbs clock skew between Certflow and the machines that check the certificate. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private CertificateBuilder() {
    }

    static X509Certificate selfSignedRoot(String commonName, KeyPair keyPair, Instant now, Duration validity) {
        X500Name subject = caSubject(commonName);
        return sign(caBuilder(subject, subject, keyPair.getPublic(), null, now, validity, -1), keyPair.getPrivate());
    }

    static X509Certificate intermediate(String commonName, PublicKey intermediateKey, X509Certificate root, PrivateKey rootKey,
                                        Instant now, Duration validity) {
        X500Name subject = caSubject(commonName);
        X500Name issuer = X500Name.getInstance(root.getSubjectX500Principal().getEncoded());
        return sign(caBuilder(issuer, subject, intermediateKey, root, now, validity, 0), rootKey);
    }

    /**
     * CN = the CA's name (shortened to the 64 characters of a common name, keeping its end such as
     * "Root CA"), O = Certflow; built attribute by attribute, so no name can add attributes.
     */
    private static X500Name caSubject(String commonName) {
        int max = CertificateSubject.Type.CN.maxLength();
        String cn = commonName.length() <= max ? commonName
                : commonName.substring(0, max - 20) + "..." + commonName.substring(commonName.length() - 17);
        return new CertificateSubject(List.of(new CertificateSubject.Attribute(CertificateSubject.Type.CN, cn),
                new CertificateSubject.Attribute(CertificateSubject.Type.O, "Certflow"))).toX500Name();
    }

    /** A leaf: a TLS certificate, or a signing certificate for people and documents. */
    static X509Certificate leaf(PrivateCaService.LeafProfile profile, PublicKey leafKey, X509Certificate issuerCert,
                                PrivateKey issuerKey, Instant now, Duration validity) {
        try {
            X500Name issuer = X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
            Instant notAfter = now.plus(validity);
            if (notAfter.isAfter(issuerCert.getNotAfter().toInstant())) {
                notAfter = issuerCert.getNotAfter().toInstant();
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), profile.subject().toX500Name(), leafKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            boolean rsa = leafKey instanceof java.security.interfaces.RSAPublicKey;
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            boolean signing = profile.purpose() == PrivateCaService.LeafProfile.Purpose.SIGNING;
            // Both kinds may receive CMS EnvelopedData: RSA by key transport, EC by key agreement.
            int usage = KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement)
                    | (signing ? KeyUsage.nonRepudiation : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(signing
                    ? new KeyPurposeId[] {KeyPurposeId.id_kp_emailProtection, KeyPurposeId.getInstance(DOCUMENT_SIGNING)}
                    : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            if (!profile.names().isEmpty()) {
                // RFC 5280 4.2.1.6: with an empty subject the names are the certificate's identity and the extension is critical.
                builder.addExtension(Extension.subjectAlternativeName, profile.subject().isEmpty(), subjectAlternativeNames(profile));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(leafKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
            return sign(builder, issuerKey);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build the leaf certificate", e);
        }
    }

    /** dNSName and rfc822Name are IA5Strings; the names are checked ASCII, and the encoding checks again. */
    private static GeneralNames subjectAlternativeNames(PrivateCaService.LeafProfile profile) {
        List<GeneralName> names = new ArrayList<>();
        profile.names().dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, new DERIA5String(name, true))));
        profile.names().emailAddresses().forEach(address ->
                names.add(new GeneralName(GeneralName.rfc822Name, new DERIA5String(address, true))));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** id-kp-documentSigning (RFC 9336). */
    private static final ASN1ObjectIdentifier DOCUMENT_SIGNING = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36");

    private static X509v3CertificateBuilder caBuilder(X500Name issuer, X500Name subject, PublicKey key, X509Certificate issuerCert,
                                                      Instant now, Duration validity, int pathLength) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true,
                    pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (issuerCert != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCert));
            }
            return builder;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build the CA certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            String algorithm = signer.getAlgorithm().equals("EC") ? "SHA384withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the certificate", e);
        }
    }

    /** 159 random bits: positive, at most 20 octets, unpredictable (CA/B Forum BR 7.1). */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(150);
    }
}
