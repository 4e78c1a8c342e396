package io.certflow.certificate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.certflow.crypto.KeyType;

/**
 * A certificate as it stands; the chain and the encrypted key are loaded only where needed.
 *
 * @param outsideValidity an upload that was expired or not yet valid when it was accepted (only with the explicit flag)
 * @param successorId     the certificate that replaced it (SUPERSEDED), else null
 */
public record Certificate(
        UUID id,
        String tenantId,
        UUID issuerId,
        List<String> domains,
        KeyType keyType,
        CertificateStatus status,
        String failureReason,
        CertificateSource source,
        boolean autoManaged,
        String serialNumber,
        Instant notBefore,
        Instant notAfter,
        String sha256Fingerprint,
        UUID predecessorId,
        Instant createdAt,
        Instant updatedAt,
        boolean outsideValidity,
        UUID successorId) {

    public Certificate {
        domains = List.copyOf(domains);
    }

    Certificate withDomains(List<String> names) {
        return new Certificate(id, tenantId, issuerId, names, keyType, status, failureReason, source, autoManaged, serialNumber,
                notBefore, notAfter, sha256Fingerprint, predecessorId, createdAt, updatedAt, outsideValidity, successorId);
    }
}
