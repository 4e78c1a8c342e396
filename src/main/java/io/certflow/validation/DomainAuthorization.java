package io.certflow.validation;

import java.time.Instant;
import java.util.UUID;

/**
 * One name of one order to be proven, with the challenge chosen for it.
 *
 * @param keyAuthorization the answer to publish: the key authorization for http-01, its digest (the TXT value) for dns-01
 * @param recordName       for dns-01, where the TXT record was added (after following CNAMEs)
 */
public record DomainAuthorization(
        UUID id,
        String tenantId,
        UUID requestId,
        String domain,
        String authorizationUrl,
        String challengeType,
        String challengeUrl,
        String token,
        String keyAuthorization,
        AuthorizationStatus status,
        String failureReason,
        String recordName,
        Instant presentedAt) {

    /** The name the challenge is about, without the wildcard label (the CA validates the base name). */
    public String baseDomain() {
        return domain.startsWith("*.") ? domain.substring(2) : domain;
    }
}
