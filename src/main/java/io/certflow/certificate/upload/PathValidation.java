package io.certflow.certificate.upload;

import static io.certflow.certificate.upload.Certificates.describe;
import static io.certflow.certificate.upload.Certificates.role;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertPathValidatorException.Reason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import io.certflow.error.LibraryMessages;

/**
 * The standard PKIX path validation (RFC 5280, the JDK's "PKIX" CertPathValidator) of a chain to its root, after
 * {@link ChainRules} found nothing: it holds Certflow to what a TLS client does where those rules would miss something
 * (certificate policies, and whatever else the standard validator checks).
 *
 * <p>Dates are not its business: validity is judged before, against the {@code acceptOutsideValidity} flag (an expired
 * chain is accepted, marked, on request), so the validator sees certificates whose validity check passes. Revocation is
 * not checked: it would need the network, and an upload is an inventory entry, not a connection.
 */
final class PathValidation {

    private PathValidation() {
    }

    /**
     * @param chain leaf first, each certificate signed by the next, ending at a self-signed root, which is the trust anchor
     * @return the problem, or none
     */
    static List<String> validate(List<X509Certificate> chain, Instant now) {
        if (chain.size() < 2) {
            return List.of(); // a self-signed certificate trusted as it is: nothing to validate
        }
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> path = chain.subList(0, chain.size() - 1).stream()
                .map(certificate -> (X509Certificate) new ValidityUncheckedCertificate(certificate)).toList();
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return List.of();
        } catch (CertPathValidatorException e) {
            return List.of(problem(e, chain));
        } catch (GeneralSecurityException e) {
            return List.of("the chain cannot be validated as a TLS client validates it" + validatorSays(e));
        } catch (RuntimeException malformed) {
            // what no rule before caught, e.g. an extension the validator cannot decode: refused, never a server error
            return List.of("the chain cannot be validated as a TLS client validates it: one of its certificates is malformed");
        }
    }

    private static String problem(CertPathValidatorException e, List<X509Certificate> chain) {
        int index = e.getIndex();
        String who = index >= 0 && index < chain.size() - 1
                ? role(chain.get(index), chain.get(0)) + describe(chain.get(index)) : "the chain";
        return who + " fails the path validation a TLS client does: " + rule(e.getReason()) + validatorSays(e);
    }

    /** The validator's own words, e.g. "(basic constraints check failed: this is not a CA certificate)"; never a class name. */
    private static String validatorSays(GeneralSecurityException e) {
        String message = LibraryMessages.of(e);
        return e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + message + ")";
    }

    private static String rule(Reason reason) {
        if (reason instanceof PKIXReason pkix) {
            return switch (pkix) {
                case NOT_CA_CERT -> "a certificate that is not a CA issued another";
                case INVALID_KEY_USAGE -> "its key usage does not allow what the chain uses its key for";
                case PATH_TOO_LONG -> "more intermediate CA certificates follow a CA than its path length constraint allows";
                case INVALID_NAME -> "it holds a name that the name constraints of a CA certificate above it do not permit";
                case UNRECOGNIZED_CRIT_EXT -> "it has a critical extension that is not known";
                case INVALID_POLICY -> "it does not meet the certificate policies the CA certificates above it require";
                case NAME_CHAINING, NO_TRUST_ANCHOR -> "its issuer or authority key identifier does not lead to the root";
            };
        }
        if (reason == BasicReason.ALGORITHM_CONSTRAINED) {
            return "its signature algorithm or key is refused by the Java security policy of this server"
                    + " (jdk.certpath.disabledAlgorithms)";
        }
        if (reason == BasicReason.INVALID_SIGNATURE) {
            return "its signature does not verify";
        }
        return "it breaks a rule of RFC 5280";
    }
}
