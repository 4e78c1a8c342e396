package io.certflow.certificate;

import java.time.Instant;
import java.util.UUID;

import io.certflow.crypto.KeyType;

/**
 * One issuance attempt for a certificate. Its private key stays in the database (encrypted) and is
 * read only where it is used; {@code publicKey} is set once the key exists.
 */
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
        String publicKey,
        String processInstanceId,
        String requestedBy,
        Instant createdAt) {

    public boolean hasKey() {
        return publicKey != null;
    }
}
