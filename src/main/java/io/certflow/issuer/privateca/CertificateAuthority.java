package io.certflow.issuer.privateca;

import java.time.Instant;
import java.util.UUID;

/** A root and the intermediate that signs leaves; both keys are held encrypted. */
public record CertificateAuthority(
        UUID id,
        String tenantId,
        String name,
        String rootPem,
        String rootKeyEnc,
        String intermediatePem,
        String intermediateKeyEnc,
        Instant createdAt) {
}
