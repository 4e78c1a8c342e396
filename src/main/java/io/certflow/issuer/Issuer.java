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
        boolean approvalRequired) {

    /**
     * True when an order may be placed: somebody agreed, and to the terms the CA asked for last
     * (a CA without terms has both URLs null).
     */
    public boolean termsAccepted() {
        return termsAgreedAt != null && java.util.Objects.equals(termsRequiredUrl, termsAgreedUrl);
    }
}
