package io.certflow.validation;

import java.util.UUID;

/** One name of one order to be proven, with the challenge chosen for it. */
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
        String failureReason) {
}
