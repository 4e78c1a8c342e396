package io.certflow.renewal;

import java.time.Instant;
import java.util.UUID;

/**
 * One run over a tenant's certificates.
 *
 * @param eligible certificates the run found due
 * @param started  renewals it started
 * @param skipped  due certificates it did not start, because a renewal of them was in flight already
 */
public record RenewalRun(UUID id, String tenantId, String trigger, String requestedBy, Instant startedAt, Instant finishedAt,
                         int eligible, int started, int skipped, UUID cursorId, String processInstanceId) {
}
