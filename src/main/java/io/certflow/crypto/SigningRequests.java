package io.certflow.crypto;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The PKCS#10 request that finalizes an order: common name the first domain, every domain a DNS
 * subject alternative name, as acme4j's CSRBuilder makes it. EC requests are signed by BouncyCastle,
 * since the JDK's P-256 signature takes about six times the CPU (see BouncyCastleEs256); RSA keys
 * are signed by the JDK, which is as fast for them.
 */
public final class SigningRequests {

    /**
     * One parameter object per curve for the life of the JVM: BouncyCastle keeps its table of
     * multiples of the base point on that object, and building the table costs more than a signature.
     */
    private static final Map<KeyType, ECDomainParameters> CURVES = Map.of(
            KeyType.EC_P256, curve("secp256r1"),
            KeyType.EC_P384, curve("secp384r1"));

    private SigningRequests() {
    }

    public static byte[] build(List<String> domains, KeyPair keyPair, KeyType keyType) {
        // The same common name rule as for certificates: a CA refuses a CN over 64 characters (RFC 5280 ub-common-name).
        CertificateSubject subject = CertificateSubject.commonNameFor(domains.get(0));
        GeneralName[] names = domains.stream().map(domain -> new GeneralName(GeneralName.dNSName, new DERIA5String(domain, true)))
                .toArray(GeneralName[]::new);
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, subject.isEmpty(), new GeneralNames(names));
            return new JcaPKCS10CertificationRequestBuilder(subject.toX500Name(), keyPair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(signer(keyPair.getPrivate(), keyType))
                    .getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot build the CSR", e);
        }
    }

    private static ContentSigner signer(PrivateKey key, KeyType keyType) throws OperatorCreationException {
        if (key instanceof ECPrivateKey ec && CURVES.containsKey(keyType)) {
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find(keyType.signatureAlgorithm());
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            return new BcECContentSignerBuilder(signature, digest).build(new ECPrivateKeyParameters(ec.getS(), CURVES.get(keyType)));
        }
        return new JcaContentSignerBuilder(keyType.signatureAlgorithm()).build(key);
    }

    private static ECDomainParameters curve(String name) {
        X9ECParameters parameters = CustomNamedCurves.getByName(name);
        return new ECDomainParameters(parameters.getCurve(), parameters.getG(), parameters.getN(), parameters.getH(), parameters.getSeed());
    }
}
