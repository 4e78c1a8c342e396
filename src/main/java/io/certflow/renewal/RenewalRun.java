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
 * @param cursor     the last candidate of the policy a step looked at: a run goes on from there after a crash
 * @param policyDone whether the run has looked at every candidate of the policy and goes on with those of ARI
 * @param ariCursor  the last certificate past its ARI time a step looked at
 */
public record RenewalRun(UUID id, String tenantId, String trigger, String requestedBy, Instant startedAt, Instant finishedAt,
                         int eligible, int started, int skipped, int deferred, RenewalCandidates.Candidate cursor, boolean policyDone,
                         UUID ariCursor, String processInstanceId) {
}
