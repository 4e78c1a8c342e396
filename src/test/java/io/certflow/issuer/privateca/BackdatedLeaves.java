package io.certflow.issuer.privateca;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.certflow.crypto.CertificateSubject;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Pem;
import io.certflow.crypto.SubjectAlternativeNames;

/**
 * Leaves of a private CA as its {@link PrivateCaService#issue} signs them, but issued at a time the
 * caller chooses (a private CA may backdate): for a benchmark that fills an inventory with
 * certificates issued over the last weeks, straight into the database.
 */
public final class BackdatedLeaves {

    private final X509Certificate intermediate;
    private final PrivateKey intermediateKey;

    /** The CA's intermediate and its key, unsealed with the key-encryption key Certflow runs with. */
    public BackdatedLeaves(String intermediatePem, String intermediateKeyEnc, KeyProtection keyProtection) {
        this.intermediate = Pem.readCertificates(intermediatePem).get(0);
        this.intermediateKey = keyProtection.unprotect(intermediateKeyEnc, PrivateCaService.INTERMEDIATE_KEY_PURPOSE);
    }

    /** Leaf first, then the intermediate, as Certflow stores a private CA's chain. */
    public List<X509Certificate> issue(String domain, PublicKey key, Instant issuedAt, Duration validity) {
        PrivateCaService.LeafProfile profile = new PrivateCaService.LeafProfile(CertificateSubject.commonNameFor(domain),
                SubjectAlternativeNames.ofDnsNames(List.of(domain)), PrivateCaService.LeafProfile.Purpose.TLS);
        return List.of(CertificateBuilder.leaf(profile, key, intermediate, intermediateKey, issuedAt, validity), intermediate);
    }
}
