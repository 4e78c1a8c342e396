package io.certflow.certificate;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The PKCS#10 request that finalizes an order: common name the first domain, every domain a DNS
 * subject alternative name, as acme4j's CSRBuilder makes it. EC requests are signed by BouncyCastle
 * with its own key object, since the JDK's P-256 signature takes about six times the CPU (see
 * BouncyCastleEs256); RSA keys are signed by the JDK, which is as fast for them.
 */
final class SigningRequests {

    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private SigningRequests() {
    }

    static byte[] build(List<String> domains, KeyPair keyPair, KeyType keyType) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domains.get(0)).build();
        GeneralName[] names = domains.stream().map(domain -> new GeneralName(GeneralName.dNSName, domain)).toArray(GeneralName[]::new);
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            return new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(signer(keyPair.getPrivate(), keyType))
                    .getEncoded();
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the CSR", e);
        }
    }

    private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key, KeyType keyType)
            throws OperatorCreationException, GeneralSecurityException {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(keyType.signatureAlgorithm());
        if (key instanceof ECPrivateKey) {
            // BouncyCastle is fast only with a key of its own: given the JDK's, it rebuilds the curve's tables per signature.
            PrivateKey own = KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            return builder.setProvider(BOUNCY_CASTLE).build(own);
        }
        return builder.build(key);
    }
}
