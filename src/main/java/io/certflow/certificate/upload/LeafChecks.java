package io.certflow.certificate.upload;

import static io.certflow.certificate.upload.Certificates.describe;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.Keys;

/** What Certflow needs of the leaf it manages: a supported key type and DNS names it can manage the certificate by. */
final class LeafChecks {

    private static final String SUPPORTED_KEYS = "use EC P-256, EC P-384, RSA 2048, RSA 3072 or RSA 4096";

    private LeafChecks() {
    }

    static KeyType keyType(X509Certificate leaf, List<String> problems) {
        PublicKey key = leaf.getPublicKey();
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        String has = "the leaf certificate " + describe(leaf) + " has ";
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption) && key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                problems.add(has + "an RSA " + bits + " key: RSA " + bits + " is too small; use at least 2048");
                return KeyType.DEFAULT;
            }
            return Keys.typeOf(key).orElseGet(() -> {
                problems.add(has + "an RSA " + bits + " key: RSA " + bits + " is not supported; use RSA 2048, RSA 3072 or RSA 4096");
                return KeyType.DEFAULT;
            });
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable parameters = info.getAlgorithm().getParameters();
            if (parameters instanceof ASN1ObjectIdentifier curve) {
                Optional<KeyType> supported = Keys.typeOf(key);
                if (supported.isPresent()) {
                    return supported.get();
                }
                String name = ECNamedCurveTable.getName(curve) == null ? curve.getId() : ECNamedCurveTable.getName(curve);
                problems.add(has + "an EC " + name + " key: EC curve " + name + " is not supported; use EC P-256 (secp256r1)"
                        + " or EC P-384 (secp384r1)");
            } else {
                problems.add(has + "an EC key with explicit curve parameters, which are not supported; " + SUPPORTED_KEYS);
            }
            return KeyType.DEFAULT;
        }
        String known = PrivateKeys.algorithmName(algorithm);
        String name = known != null ? known : key.getAlgorithm() + " (" + algorithm.getId() + ")";
        problems.add(has + "an " + name + " key: " + name + " keys are not supported; " + SUPPORTED_KEYS);
        return KeyType.DEFAULT;
    }

    static List<String> dnsNames(X509Certificate leaf, boolean requireKey, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        List<String> addresses = new ArrayList<>();
        boolean invalid = false;
        Collection<List<?>> alternativeNames;
        try {
            alternativeNames = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            problems.add("the subject alternative names of the leaf certificate " + describe(leaf) + " cannot be read ("
                    + Certificates.reason(e) + ")");
            return List.of();
        }
        String commonName = null;
        String commonNameProblem = null;
        if (alternativeNames != null) {
            for (List<?> entry : alternativeNames) {
                int type = (Integer) entry.get(0);
                if (type == 2) {
                    String name = String.valueOf(entry.get(1));
                    String problem = DomainNames.problemWith(name);
                    if (problem != null) {
                        invalid = true;
                        problems.add("the leaf certificate " + describe(leaf) + " holds an invalid DNS name: " + problem);
                    } else {
                        names.add(DomainNames.canonical(name));
                    }
                } else if (type == 7) {
                    addresses.add(String.valueOf(entry.get(1)));
                }
            }
        } else {
            commonName = Certificates.commonName(leaf);
            if (commonName != null) {
                commonNameProblem = DomainNames.problemWith(commonName);
                if (commonNameProblem == null) {
                    names.add(DomainNames.canonical(commonName));
                }
            }
        }
        // A CA certificate needs no DNS name; an end-entity certificate is managed by its names.
        if (names.isEmpty() && requireKey && !invalid && leaf.getBasicConstraints() < 0) {
            String why;
            if (alternativeNames == null) {
                why = commonName == null ? "it has neither subject alternative names nor a common name"
                        : "it has no subject alternative names and its common name is not a DNS name: " + commonNameProblem;
            } else if (!addresses.isEmpty()) {
                why = "its subject alternative names hold only the IP address " + String.join(", ", addresses)
                        + ", and Certflow manages certificates for DNS names only";
            } else {
                why = "its subject alternative names hold no DNS name";
            }
            problems.add("the leaf certificate " + describe(leaf) + " names no DNS name: " + why);
        }
        return List.copyOf(names);
    }
}
