package io.certflow.renewal;

import java.time.Instant;
import java.util.UUID;

/**
 * One renewal of one certificate.
 *
 * @param issuerId the issuer whose budget the renewal spends (the certificate's)
 */
public record Renewal(UUID id, String tenantId, UUID certificateId, UUID runId, UUID issuerId, UUID successorId, RenewalState state,
                      String reason, String processInstanceId, Instant createdAt, Instant updatedAt, Instant finishedAt) {
}
