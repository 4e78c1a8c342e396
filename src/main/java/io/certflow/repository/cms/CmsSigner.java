package io.certflow.repository.cms;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import io.certflow.crypto.Keys;

/** Makes CMS SignedData: SHA-256 with RSA (PKCS #1 v1.5) or ECDSA, signed attributes, the signer and its chain included. */
final class CmsSigner {

    private CmsSigner() {
    }

    /** CMS SignedData (DER), SHA-256, signer certificate and chain included; detached leaves the content out. */
    static byte[] sign(byte[] content, X509Certificate signer, List<X509Certificate> chain, PrivateKey key, boolean detached) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(key, "key");
        String algorithm = signatureAlgorithm(key);
        byte[] der;
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).setProvider(Keys.BOUNCY_CASTLE).build(key);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Keys.BOUNCY_CASTLE).build()).build(contentSigner, signer));
            Set<X509Certificate> certificates = new LinkedHashSet<>();
            certificates.add(signer);
            if (chain != null) {
                chain.stream().filter(Objects::nonNull).forEach(certificates::add);
            }
            generator.addCertificates(new JcaCertStore(certificates));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), !detached);
            der = signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | GeneralSecurityException | CMSException | IOException e) {
            throw new CmsException("cannot sign with the " + key.getAlgorithm() + " key of " + CmsText.subject(signer)
                    + ": " + e.getMessage(), e);
        }
        // A key that does not belong to the certificate yields signatures nobody can verify; refuse to hand them out.
        try {
            CMSSignedData check = new CMSSignedData(new CMSProcessableByteArray(content), der);
            SignerInformation info = check.getSignerInfos().getSigners().iterator().next();
            if (!info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Keys.BOUNCY_CASTLE).build(signer))) {
                throw new CmsException("the private key does not belong to the signer certificate " + CmsText.subject(signer));
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new CmsException("the private key does not belong to the signer certificate " + CmsText.subject(signer), e);
        }
        return der;
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> throw new CmsException("signing with a " + key.getAlgorithm()
                    + " key is not supported; use an RSA or EC key");
        };
    }
}
