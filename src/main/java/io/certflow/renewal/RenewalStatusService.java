package io.certflow.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.renewal.RenewalCandidates.Candidate;
import io.certflow.security.Caller;

/** What the renewal service of a tenant is doing: the figures an operator checks before trusting it. */
@Service
@Transactional(readOnly = true)
public class RenewalStatusService {

    private static final int PAGE = 1000;

    private final RenewalStore store;
    private final RenewalCandidates candidates;
    private final RenewalWorkflow workflow;
    private final Clock clock;

    public RenewalStatusService(RenewalStore store, RenewalCandidates candidates, RenewalWorkflow workflow, Clock clock) {
        this.store = store;
        this.candidates = candidates;
        this.workflow = workflow;
        this.clock = clock;
    }

    /**
     * @param active          whether the tenant's policy is on
     * @param eligibleNow     managed certificates due now (planned time passed) without a renewal in flight or not
     * @param expiredUnrenewed managed certificates that expired without a successor: each one an error
     */
    public record RenewalStatus(boolean active, RenewalPolicy policy, RenewalRun lastRun, Instant nextScheduledRun, long inFlight,
                                long eligibleNow, long expiredUnrenewed) {
    }

    public RenewalStatus status(Caller caller, String tenantId) {
        RenewalPolicyService.requireVisible(caller, tenantId);
        RenewalPolicy policy = store.findPolicy(tenantId).orElse(RenewalPolicy.off(tenantId));
        Instant now = clock.instant();
        return new RenewalStatus(policy.enabled(), policy, store.lastRun(tenantId).orElse(null),
                policy.enabled() ? workflow.nextScheduledRun() : null, store.countInFlight(tenantId), eligible(tenantId, policy, now),
                candidates.countExpired(tenantId, now));
    }

    private long eligible(String tenantId, RenewalPolicy policy, Instant now) {
        long eligible = 0;
        Candidate after = null;
        Instant horizon = now.plus(Duration.ofDays(policy.windowDays()));
        while (true) {
            List<Candidate> page = candidates.page(tenantId, horizon, after, PAGE);
            for (Candidate candidate : page) {
                if (!RenewalWindow.plannedAt(candidate.id(), candidate.notBefore(), candidate.notAfter(), policy.windowDays()).isAfter(now)) {
                    eligible++;
                }
            }
            if (page.size() < PAGE) {
                return eligible;
            }
            after = page.get(page.size() - 1);
        }
    }
}
