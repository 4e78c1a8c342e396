package io.certflow.certificate.upload;

import static io.certflow.certificate.upload.Certificates.describe;
import static io.certflow.certificate.upload.Certificates.isSelfIssued;
import static io.certflow.certificate.upload.Certificates.role;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The rules a TLS client applies to a chain beyond names and signatures, each refusal naming the certificate and the rule:
 * those of RFC 5280 path validation (every issuing certificate a CA allowed to sign certificates, path length and name
 * constraints kept, no unknown critical extension), and those OpenSSL adds from security level 1 on (no MD5 or SHA-1
 * signature relied on) and at level 2, Debian's default (no RSA key under 2048 bits in the chain).
 *
 * <p>They apply to the root too, as OpenSSL does: the JDK's validator ({@link PathValidation}, which runs after them) takes
 * the root as a bare trust anchor and ignores its constraints. Only the root's own self-signature is exempt from the
 * signature rule: the root is trusted as it is, no client verifies that signature.
 */
final class ChainRules {

    private static final int KEY_CERT_SIGN = 5;
    private static final List<String> KEY_USAGES = List.of("digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly");

    /** What path validation processes, as the JDK's validator does; any other critical extension must be refused. */
    private static final Set<String> KNOWN_CRITICAL_EXTENSIONS = Set.of(Extension.basicConstraints.getId(),
            Extension.keyUsage.getId(), Extension.extendedKeyUsage.getId(), Extension.subjectAlternativeName.getId(),
            Extension.nameConstraints.getId(), Extension.certificatePolicies.getId(), Extension.policyMappings.getId(),
            Extension.policyConstraints.getId(), Extension.inhibitAnyPolicy.getId());

    private static final Map<ASN1ObjectIdentifier, String> WEAK_SIGNATURES = Map.of(
            PKCSObjectIdentifiers.md2WithRSAEncryption, "MD2",
            PKCSObjectIdentifiers.md4WithRSAEncryption, "MD4",
            PKCSObjectIdentifiers.md5WithRSAEncryption, "MD5",
            OIWObjectIdentifiers.md5WithRSA, "MD5",
            PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA-1",
            OIWObjectIdentifiers.sha1WithRSA, "SHA-1",
            X9ObjectIdentifiers.ecdsa_with_SHA1, "SHA-1",
            X9ObjectIdentifiers.id_dsa_with_sha1, "SHA-1",
            OIWObjectIdentifiers.dsaWithSHA1, "SHA-1");

    private static final int MIN_RSA_BITS = 2048;
    private static final int MIN_EC_BITS = 256;

    private ChainRules() {
    }

    /** @param chain leaf first, each certificate signed by the next, ending at a self-signed root */
    static List<String> check(List<X509Certificate> chain) {
        List<String> problems = new ArrayList<>();
        X509Certificate leaf = chain.get(0);
        int last = chain.size() - 1;
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            if (i < last || !isSelfIssued(certificate)) {
                weakSignature(certificate, leaf, problems);
            }
            unknownCriticalExtensions(certificate, leaf, problems);
            if (i > 0) {
                issuer(chain, i, problems);
            }
        }
        NameConstraintRules.check(chain, problems);
        return problems;
    }

    /** The checks of the certificate at {@code index} as the issuer of the one before it. */
    private static void issuer(List<X509Certificate> chain, int index, List<String> problems) {
        X509Certificate ca = chain.get(index);
        X509Certificate issued = chain.get(index - 1);
        String which = "the certificate " + describe(ca) + ", which issued " + role(issued, chain.get(0)) + describe(issued) + ",";
        int pathLength = ca.getBasicConstraints();
        // RFC 5280 and OpenSSL take a version 1 root, which cannot say it is a CA, as one.
        boolean versionOneRoot = index == chain.size() - 1 && ca.getVersion() < 3;
        if (pathLength < 0 && !versionOneRoot) {
            problems.add(which + " is not a CA: " + (ca.getExtensionValue(Extension.basicConstraints.getId()) == null
                    ? "it has no basic constraints extension saying CA:TRUE" : "its basic constraints say CA:FALSE")
                    + "; a TLS client refuses a chain in which a certificate that is not a CA issued another");
        }
        boolean[] keyUsage = ca.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
            problems.add(which + " may not sign certificates: its key usage allows only " + usages(keyUsage)
                    + ", not keyCertSign; a TLS client refuses a certificate signed by a key not meant for that");
        }
        if (pathLength >= 0 && pathLength < Integer.MAX_VALUE) {
            List<X509Certificate> below = chain.subList(1, index).stream().filter(c -> !isSelfIssued(c)).toList();
            if (below.size() > pathLength) {
                problems.add("the CA certificate " + describe(ca) + " allows " + (pathLength == 0
                        ? "no intermediate CA certificate" : "at most " + count(pathLength, "intermediate CA certificate"))
                        + " below it (path length constraint pathlen:" + pathLength + "), but " + below.size()
                        + (below.size() == 1 ? " follows" : " follow") + " it in the chain: "
                        + below.stream().map(Certificates::describe).collect(Collectors.joining(", "))
                        + "; a TLS client refuses such a chain");
            }
        }
        weakKey(ca, problems);
    }

    private static void weakSignature(X509Certificate certificate, X509Certificate leaf, List<String> problems) {
        String digest = weakDigest(certificate);
        if (digest != null) {
            problems.add(role(certificate, leaf) + describe(certificate) + " is signed with " + digest + " ("
                    + certificate.getSigAlgName() + "): MD5 and SHA-1 signatures can be forged, and TLS clients refuse them"
                    + " (only a self-signed root's own signature may use them, as no client relies on it); have the"
                    + " certificate issued again with SHA-256 or stronger");
        }
    }

    /** "MD5" or "SHA-1" when the certificate's signature uses a broken digest, else null. */
    static String weakDigest(X509Certificate certificate) {
        ASN1ObjectIdentifier algorithm = new ASN1ObjectIdentifier(certificate.getSigAlgOID());
        if (algorithm.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            try {
                // An absent hash algorithm means SHA-1 (RFC 4055).
                ASN1ObjectIdentifier hash = RSASSAPSSparams.getInstance(certificate.getSigAlgParams()).getHashAlgorithm().getAlgorithm();
                return hash.equals(OIWObjectIdentifiers.idSHA1) ? "SHA-1" : hash.equals(PKCSObjectIdentifiers.md5) ? "MD5" : null;
            } catch (RuntimeException unreadable) {
                return null; // the signature check itself fails on it
            }
        }
        return WEAK_SIGNATURES.get(algorithm);
    }

    private static void unknownCriticalExtensions(X509Certificate certificate, X509Certificate leaf, List<String> problems) {
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        if (critical == null) {
            return;
        }
        Set<String> unknown = new TreeSet<>(critical);
        unknown.removeAll(KNOWN_CRITICAL_EXTENSIONS);
        if (!unknown.isEmpty()) {
            problems.add(role(certificate, leaf) + describe(certificate) + " has " + (unknown.size() == 1
                    ? "a critical extension" : unknown.size() + " critical extensions") + " that TLS clients do not know ("
                    + String.join(", ", unknown) + "): an extension marked critical must be understood, so a client refuses"
                    + " a certificate with one it does not know");
        }
    }

    /** The key of a CA certificate verifies the certificates below it: it must be as strong as a TLS client requires. */
    private static void weakKey(X509Certificate ca, List<String> problems) {
        PublicKey key = ca.getPublicKey();
        String weak = null;
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            weak = "an RSA " + rsa.getModulus().bitLength() + " key; at least RSA " + MIN_RSA_BITS;
        } else if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
            weak = "an EC key of " + ec.getParams().getCurve().getField().getFieldSize() + " bits; at least " + MIN_EC_BITS + " bits";
        }
        if (weak != null) {
            problems.add("the CA certificate " + describe(ca) + " has " + weak + " is needed, as a chain is only as strong as"
                    + " its weakest key and TLS clients refuse weaker ones");
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String usages(boolean[] keyUsage) {
        String names = IntStream.range(0, Math.min(keyUsage.length, KEY_USAGES.size())).filter(i -> keyUsage[i])
                .mapToObj(KEY_USAGES::get).collect(Collectors.joining(", "));
        return names.isEmpty() ? "nothing" : names;
    }
}
