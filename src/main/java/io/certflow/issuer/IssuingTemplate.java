package io.certflow.issuer;

import java.util.UUID;

import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.KeyType;

/**
 * Issuer + key type + validity + validation method + whether a person must approve each request,
 * and the ACME profile its orders ask for (null: the CA's default).
 */
public record IssuingTemplate(
        UUID id,
        String tenantId,
        String name,
        UUID issuerId,
        KeyType keyType,
        Integer validityDays,
        ValidationMethod validationMethod,
        boolean approvalRequired,
        String profile) {
}
