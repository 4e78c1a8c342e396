package io.certflow.issuer.acme;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.springframework.stereotype.Component;

import io.certflow.error.TransientFault;
import io.certflow.issuer.Issuer;

/**
 * ACME Renewal Information (RFC 9773): whether a CA offers it, and the renewal window it suggests
 * for one certificate. Read with the issuer's pooled session, whose directory is cached.
 */
@Component
public class AcmeRenewalInfo {

    private final AcmeLogins logins;

    public AcmeRenewalInfo(AcmeLogins logins) {
        this.logins = logins;
    }

    /**
     * The window the CA suggests and when to ask again.
     *
     * @param retryAfter the CA's Retry-After, or null when it sent none
     */
    public record SuggestedWindow(Instant start, Instant end, Instant retryAfter) {
    }

    /** Whether the issuer's directory lists a renewalInfo resource. */
    public boolean offered(Issuer issuer) {
        return logins.withLogin(issuer, AcmeRenewalInfo::offered);
    }

    /**
     * Asks the CA about {@code leaf}, which it issued.
     *
     * @throws TransientFault when the CA cannot be asked or answers with a window that ends before it starts
     *                        (RFC 9773 §4.2: to be treated as no answer)
     */
    public SuggestedWindow suggestedWindow(Issuer issuer, X509Certificate leaf) {
        return logins.withLogin(issuer, login -> {
            RenewalInfo info = login.bindRenewalInfo(leaf);
            Optional<Instant> retryAfter = info.fetch();
            Instant start = info.getSuggestedWindowStart();
            Instant end = info.getSuggestedWindowEnd();
            if (!end.isAfter(start)) {
                throw new AcmeProtocolException("the suggested renewal window ends (" + end + ") before it starts (" + start + ")");
            }
            return new SuggestedWindow(start, end, retryAfter.orElse(null));
        });
    }

    static boolean offered(Login login) throws AcmeException {
        return login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
    }

    /**
     * The certificate's ARI identifier (RFC 9773 §4.1), which a renewal order names in {@code replaces};
     * empty for a certificate without an Authority Key Identifier, which ARI cannot name.
     */
    static Optional<String> identifier(X509Certificate certificate) {
        try {
            return Optional.of(AcmeUtils.getRenewalUniqueIdentifier(certificate));
        } catch (AcmeProtocolException e) {
            return Optional.empty();
        }
    }
}
