package io.certflow.renewal;

import java.time.Instant;
import java.util.UUID;

/**
 * One run over a tenant's certificates.
 *
 * @param eligible certificates the run found due
 * @param started  renewals it started
 * @param skipped  due certificates it did not start, because a renewal of them was in flight already
 * @param deferred due certificates it did not start, because their issuer's budget for the hour was spent
 * @param cursor   the last candidate a page looked at: a run goes on from there after a crash
 */
public record RenewalRun(UUID id, String tenantId, String trigger, String requestedBy, Instant startedAt, Instant finishedAt,
                         int eligible, int started, int skipped, int deferred, RenewalCandidates.Candidate cursor,
                         String processInstanceId) {
}
