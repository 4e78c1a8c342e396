package io.certflow.certificate;

import java.time.Instant;
import java.util.UUID;

import io.certflow.crypto.KeyType;

/** One issuance attempt for a certificate. */
public record CertificateRequest(
        UUID id,
        String tenantId,
        UUID certificateId,
        UUID issuerId,
        UUID templateId,
        KeyType keyType,
        ValidationMethod validationMethod,
        boolean approvalRequired,
        Integer validityDays,
        String orderUrl,
        String privateKeyEnc,
        String publicKey,
        String processInstanceId,
        String requestedBy,
        Instant createdAt) {
}
