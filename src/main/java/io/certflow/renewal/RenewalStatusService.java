package io.certflow.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.renewal.RenewalCandidates.Candidate;
import io.certflow.renewal.ari.AriTimes;
import io.certflow.security.Caller;

/** What the renewal service of a tenant is doing: the figures an operator checks before trusting it. */
@Service
@Transactional(readOnly = true)
public class RenewalStatusService {

    private static final int PAGE = 1000;

    private final RenewalStore store;
    private final RenewalCandidates candidates;
    private final RenewalWorkflow workflow;
    private final AriTimes ariTimes;
    private final Clock clock;

    public RenewalStatusService(RenewalStore store, RenewalCandidates candidates, RenewalWorkflow workflow, AriTimes ariTimes, Clock clock) {
        this.store = store;
        this.candidates = candidates;
        this.ariTimes = ariTimes;
        this.workflow = workflow;
        this.clock = clock;
    }

    /**
     * @param active          whether the tenant's policy is on
     * @param eligibleNow     managed certificates due now (planned time or ARI time passed), with a renewal in flight or not
     * @param expiredUnrenewed managed certificates that expired without a successor: each one an error
     */
    public record RenewalStatus(boolean active, RenewalPolicy policy, RenewalRun lastRun, Instant nextScheduledRun, long inFlight,
                                long eligibleNow, long expiredUnrenewed) {
    }

    /**
     * The head of the panel for each of the caller's tenants (the global administrator: every tenant with a policy), by
     * name: whether the service is on, the last run and the next one, without the counts that page through the candidates,
     * so that an overview of many tenants stays a few keyed reads per tenant.
     *
     * @param nextRun when the daily run starts next, null while the policy is off
     */
    public record ServiceState(String tenantId, boolean active, RenewalRun lastRun, Instant nextRun) {
    }

    public List<ServiceState> states(Caller caller) {
        List<String> tenants = caller.visibleTenants();
        if (tenants == null) {
            tenants = store.policyTenants();
        }
        Instant next = null;
        List<ServiceState> states = new java.util.ArrayList<>();
        for (String tenant : new java.util.TreeSet<>(tenants)) {
            boolean active = store.findPolicy(tenant).map(RenewalPolicy::enabled).orElse(false);
            if (active && next == null) {
                next = workflow.nextScheduledRun();
            }
            states.add(new ServiceState(tenant, active, store.lastRun(tenant).orElse(null), active ? next : null));
        }
        return states;
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
                if (dueByPolicy(candidate, policy, now)) {
                    eligible++;
                }
            }
            if (page.size() < PAGE) {
                return eligible + dueByAriOnly(tenantId, policy, now);
            }
            after = page.get(page.size() - 1);
        }
    }

    /** Certificates past the time chosen in their CA's window whose policy time has not come: a run renews them too. */
    private long dueByAriOnly(String tenantId, RenewalPolicy policy, Instant now) {
        long due = 0;
        UUID after = null;
        while (true) {
            List<UUID> page = ariTimes.duePage(tenantId, now, after, PAGE);
            for (Candidate candidate : candidates.of(page)) {
                if (!dueByPolicy(candidate, policy, now)) {
                    due++;
                }
            }
            if (page.size() < PAGE) {
                return due;
            }
            after = page.get(page.size() - 1);
        }
    }

    private static boolean dueByPolicy(Candidate candidate, RenewalPolicy policy, Instant now) {
        return !candidate.notAfter().isAfter(now.plus(Duration.ofDays(policy.windowDays())))
                && !RenewalWindow.plannedAt(candidate.id(), candidate.notBefore(), candidate.notAfter(), policy.windowDays()).isAfter(now);
    }
}
