package io.certflow.issuer;

import java.time.Instant;
import java.util.UUID;

/**
 * Where certificates come from. Secrets (account key, EAB HMAC key) are held only in their
 * encrypted form; see {@link io.certflow.crypto.KeyProtection}.
 *
 * @param caaIdentity the domain an ACME CA is named by in CAA records (RFC 8659), e.g. letsencrypt.org;
 *                    null skips the CAA preflight
 * @param approvalRequired a person approves every request from this issuer, named directly or through
 *                    any template, so that naming the issuer cannot bypass an approval
 * @param ordersPerHour how many renewals a run may start per hour from this issuer; null: the default of its type
 */
public record Issuer(
        UUID id,
        String tenantId,
        String name,
        IssuerType type,
        String directoryUrl,
        String contactEmail,
        String termsAgreedUrl,
        Instant termsAgreedAt,
        String termsAgreedBy,
        String termsRequiredUrl,
        String eabKeyId,
        String eabHmacKeyEnc,
        String trustAnchorPem,
        String accountKeyEnc,
        String accountUrl,
        UUID caId,
        Instant createdAt,
        String caaIdentity,
        boolean approvalRequired,
        Integer ordersPerHour) {

    /**
     * True when an order may be placed: somebody agreed, and to the terms the CA asked for last
     * (a CA without terms has both URLs null).
     */
    public boolean termsAccepted() {
        return termsAgreedAt != null && java.util.Objects.equals(termsRequiredUrl, termsAgreedUrl);
    }

    /** An ACME CA's limit on new orders per account: Let's Encrypt allows 300 per 3 hours. */
    public static final int DEFAULT_ACME_ORDERS_PER_HOUR = 100;

    /** The renewals per hour a run may start from this issuer; null: no limit (a private CA issues as fast as Certflow asks). */
    public Integer effectiveOrdersPerHour() {
        if (ordersPerHour != null) {
            return ordersPerHour;
        }
        return type == IssuerType.ACME ? DEFAULT_ACME_ORDERS_PER_HOUR : null;
    }
}
