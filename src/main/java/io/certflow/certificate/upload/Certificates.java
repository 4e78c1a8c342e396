package io.certflow.certificate.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import io.certflow.error.LibraryMessages;

/** Reading one certificate strictly, and naming certificates in problems so that a user can find them. */
final class Certificates {

    private Certificates() {
    }

    static X509Certificate read(byte[] der) throws IOException, CertificateException {
        byte[] exact = strictDer(der).getEncoded();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(exact));
        if (certificate == null) {
            throw new CertificateException("no certificate");
        }
        return certificate;
    }

    /** One DER object, with nothing after it. */
    static ASN1Primitive strictDer(byte[] der) throws IOException {
        ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
        if (primitive == null) {
            throw new IOException("no ASN.1 object");
        }
        return primitive;
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    /** "(CN=www.example.test,O=Example, serial 1a2b...)": enough for a user to find the certificate. */
    static String describe(X509Certificate certificate) {
        return "(" + certificate.getSubjectX500Principal().getName() + ", serial " + certificate.getSerialNumber().toString(16) + ")";
    }

    /** "the leaf certificate " for the first of a chain, else "the CA certificate ". */
    static String role(X509Certificate certificate, X509Certificate leaf) {
        return certificate == leaf ? "the leaf certificate " : "the CA certificate ";
    }

    static String commonNameOrSubject(X509Certificate certificate) {
        String commonName = commonName(certificate);
        return commonName != null ? commonName : certificate.getSubjectX500Principal().getName();
    }

    static String commonName(X509Certificate certificate) {
        RDN[] rdns = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[rdns.length - 1].getFirst().getValue());
    }

    static String reason(Throwable e) {
        return LibraryMessages.of(e);
    }
}
