package io.certflow.issuance;

import java.time.Instant;
import java.util.UUID;

import io.certflow.issuer.IssuerType;

/**
 * Published when an issued certificate is stored, inside the step's transaction; listeners that count it wait for the
 * commit, because a step that rolls back runs again.
 *
 * @param requestedAt when its request was made (certificate_request.created_at)
 */
public record CertificateIssued(String tenantId, UUID certificateId, IssuerType issuerType, Instant requestedAt, Instant issuedAt) {
}
