package io.certflow.renewal;

import java.time.Instant;
import java.util.UUID;

/** One renewal of one certificate. */
public record Renewal(UUID id, String tenantId, UUID certificateId, UUID runId, UUID successorId, RenewalState state, String reason,
                      String processInstanceId, Instant createdAt, Instant updatedAt, Instant finishedAt) {
}
