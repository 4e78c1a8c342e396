package io.certflow.issuer.privateca;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.certflow.crypto.CertificateSubject;
import io.certflow.crypto.CertificateValidity;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.Pem;
import io.certflow.crypto.SubjectAlternativeNames;

/** Creates CA hierarchies and signs leaves from an intermediate. */
@Service
public class PrivateCaService {

    static final String ROOT_KEY_PURPOSE = "ca-root-key";
    static final String INTERMEDIATE_KEY_PURPOSE = "ca-intermediate-key";
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(1825);

    private final CaStore store;
    private final KeyProtection keyProtection;
    private final Clock clock;

    public PrivateCaService(CaStore store, KeyProtection keyProtection, Clock clock) {
        this.store = store;
        this.keyProtection = keyProtection;
        this.clock = clock;
    }

    /** A new root and intermediate, both EC P-384, keys encrypted at rest. */
    public CertificateAuthority create(String tenantId, String name) {
        Instant now = clock.instant();
        KeyPair rootKey = KeyType.EC_P384.generate();
        KeyPair intermediateKey = KeyType.EC_P384.generate();
        X509Certificate root = CertificateBuilder.selfSignedRoot(name + " Root CA", rootKey, now, ROOT_VALIDITY);
        X509Certificate intermediate = CertificateBuilder.intermediate(name + " Intermediate CA", intermediateKey.getPublic(),
                root, rootKey.getPrivate(), now, INTERMEDIATE_VALIDITY);
        CertificateAuthority ca = new CertificateAuthority(UUID.randomUUID(), tenantId, name,
                Pem.write(root), keyProtection.protect(rootKey.getPrivate(), ROOT_KEY_PURPOSE),
                Pem.write(intermediate), keyProtection.protect(intermediateKey.getPrivate(), INTERMEDIATE_KEY_PURPOSE),
                now);
        store.insert(ca);
        return ca;
    }

    /** A TLS leaf for the names. Leaf first, then the intermediate; the root is the trust anchor and not part of the chain. */
    public List<X509Certificate> issue(UUID caId, List<String> domains, java.security.PublicKey leafKey, Duration validity) {
        return issue(caId, new LeafProfile(CertificateSubject.commonNameFor(domains.get(0)),
                SubjectAlternativeNames.ofDnsNames(domains), LeafProfile.Purpose.TLS), leafKey, validity);
    }

    /**
     * What a repository's certificate is for. Both parts hold only what the shared name rules
     * allow (their constructors check), so no leaf is built from unchecked names.
     *
     * @param subject the subject; empty only when there are names, which then go into a critical subjectAltName
     * @param names   DNS names, and for SIGNING also email addresses
     */
    public record LeafProfile(CertificateSubject subject, SubjectAlternativeNames names, Purpose purpose) {

        public LeafProfile {
            if (subject.isEmpty() && names.isEmpty()) {
                throw new IllegalArgumentException("A certificate needs a subject or at least one name");
            }
            if (purpose == Purpose.TLS && !names.emailAddresses().isEmpty()) {
                throw new IllegalArgumentException("A TLS certificate is for DNS names only");
            }
        }

        public enum Purpose {
            /** serverAuth/clientAuth, DNS names. */
            TLS,
            /** Electronic signatures and contract signing: digitalSignature + nonRepudiation, emailProtection and documentSigning. */
            SIGNING
        }
    }

    /** Leaf first, then the intermediate. The validity must be within {@link CertificateValidity}'s limits. */
    public List<X509Certificate> issue(UUID caId, LeafProfile profile, java.security.PublicKey leafKey, Duration validity) {
        String problem = CertificateValidity.problemWith(validity);
        if (problem != null) {
            throw new IllegalArgumentException("A validity of " + validity + " is " + problem);
        }
        CertificateAuthority ca = store.findById(caId)
                .orElseThrow(() -> new IllegalStateException("Certificate authority " + caId + " is gone"));
        X509Certificate intermediate = Pem.readCertificates(ca.intermediatePem()).get(0);
        X509Certificate leaf = CertificateBuilder.leaf(profile, leafKey, intermediate,
                keyProtection.unprotect(ca.intermediateKeyEnc(), INTERMEDIATE_KEY_PURPOSE), clock.instant(), validity);
        return List.of(leaf, intermediate);
    }

    /** Until when the CA's intermediate is valid: no leaf it issues is valid longer. */
    public Instant intermediateNotAfter(UUID caId) {
        return store.findById(caId).map(ca -> Pem.readCertificates(ca.intermediatePem()).get(0).getNotAfter().toInstant())
                .orElseThrow(() -> new IllegalStateException("Certificate authority " + caId + " is gone"));
    }

    public X509Certificate root(UUID caId) {
        return store.findById(caId).map(ca -> Pem.readCertificates(ca.rootPem()).get(0))
                .orElseThrow(() -> new IllegalStateException("Certificate authority " + caId + " is gone"));
    }
}
