package io.certflow.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.renewal.RenewalCandidates.Candidate;
import io.certflow.security.Caller;

/**
 * Runs over a tenant's certificates: started by the daily timer for every tenant whose policy is on,
 * or by Run Now. A run goes through the candidates a page at a time, each page its own step and
 * transaction, and starts one CertificateRenewalProcess per due certificate; the database makes sure
 * one renewal of a certificate runs at a time, whoever started it.
 */
@Service
public class RenewalRuns {

    public static final String TIMER = "TIMER";
    public static final String RUN_NOW = "RUN_NOW";
    private static final Logger log = LoggerFactory.getLogger(RenewalRuns.class);

    private final RenewalStore store;
    private final RenewalCandidates candidates;
    private final RenewalWorkflow workflow;
    private final IssuerStore issuers;
    private final Clock clock;
    private final int pageSize;

    public RenewalRuns(RenewalStore store, RenewalCandidates candidates, RenewalWorkflow workflow, IssuerStore issuers, Clock clock,
                       @Value("${certflow.renewal.page-size:200}") int pageSize) {
        this.store = store;
        this.candidates = candidates;
        this.workflow = workflow;
        this.issuers = issuers;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** Run Now: any member of the tenant may ask; a tenant whose policy is off gets a run that renews nothing. */
    @Transactional
    public RenewalRun runNow(Caller caller, String tenantId) {
        RenewalPolicyService.requireVisible(caller, tenantId);
        return start(tenantId, RUN_NOW, caller.userId());
    }

    /** The daily timer: one run for every tenant whose policy is on. */
    @Transactional
    public List<RenewalRun> startScheduledRuns() {
        return store.enabledTenants().stream().map(tenant -> start(tenant, TIMER, null)).toList();
    }

    private RenewalRun start(String tenantId, String trigger, String requestedBy) {
        RenewalRun run = new RenewalRun(UUID.randomUUID(), tenantId, trigger, requestedBy, clock.instant(), null, 0, 0, 0, 0, null, null);
        store.insertRun(run);
        store.recordRunProcess(run.id(), workflow.startRun(run));
        return store.findRun(run.id()).orElseThrow();
    }

    /**
     * Looks at the next page of the run's candidates, earliest expiry first, and starts a renewal for
     * each one that is due, as long as its issuer's budget for the last hour allows. Returns whether
     * there may be more. Run again after a crash, it goes on from the page it left: the cursor moves
     * in the same transaction as the renewals it started.
     */
    @Transactional
    public boolean startNextPage(UUID runId) {
        RenewalRun run = store.findRun(runId).orElseThrow(() -> new IllegalStateException("No renewal run " + runId));
        RenewalPolicy policy = store.findPolicy(run.tenantId()).orElse(RenewalPolicy.off(run.tenantId()));
        if (!policy.enabled() || run.finishedAt() != null) {
            return false;
        }
        Instant now = clock.instant();
        List<Candidate> page = candidates.page(run.tenantId(), now.plus(Duration.ofDays(policy.windowDays())), run.cursor(), pageSize);
        Budgets budgets = new Budgets(now);
        int eligible = 0;
        int started = 0;
        int deferred = 0;
        for (Candidate candidate : page) {
            if (RenewalWindow.plannedAt(candidate.id(), candidate.notBefore(), candidate.notAfter(), policy.windowDays()).isAfter(now)) {
                continue;
            }
            eligible++;
            if (!budgets.allowsOneMore(candidate.issuerId())) {
                deferred++;
                continue;
            }
            Renewal renewal = new Renewal(UUID.randomUUID(), run.tenantId(), candidate.id(), run.id(), candidate.issuerId(), null,
                    RenewalState.ISSUING, null, null, now, now, null);
            if (store.insertRenewal(renewal)) {
                store.recordRenewalProcess(renewal.id(), workflow.startRenewal(renewal));
                budgets.spend(candidate.issuerId());
                started++;
            }
        }
        Candidate cursor = page.isEmpty() ? run.cursor() : page.get(page.size() - 1);
        store.recordPage(runId, cursor, eligible, started, eligible - started - deferred, deferred);
        return page.size() == pageSize;
    }

    /**
     * What each issuer may still start this hour: its orders per hour, less the renewals started from
     * it in the last hour (by any run, on any node), less what this page started.
     */
    private final class Budgets {
        private final Instant now;
        private final Map<UUID, Integer> left = new HashMap<>();

        Budgets(Instant now) {
            this.now = now;
        }

        boolean allowsOneMore(UUID issuerId) {
            return left.computeIfAbsent(issuerId, this::leftFor) > 0;
        }

        void spend(UUID issuerId) {
            left.computeIfPresent(issuerId, (id, remaining) -> remaining == Integer.MAX_VALUE ? remaining : remaining - 1);
        }

        private int leftFor(UUID issuerId) {
            Integer perHour = issuerId == null ? null : issuers.findById(issuerId).map(Issuer::effectiveOrdersPerHour).orElse(null);
            return perHour == null ? Integer.MAX_VALUE : perHour - store.countStartedSince(issuerId, now.minus(Duration.ofHours(1)));
        }
    }

    @Transactional
    public void finish(UUID runId) {
        store.finishRun(runId, clock.instant());
        store.findRun(runId).ifPresent(run -> log.info("Renewal run {} of tenant {}: {} due, {} renewals started, {} already in flight,"
                + " {} left for later runs by their issuer's budget", run.id(), run.tenantId(), run.eligible(), run.started(), run.skipped(),
                run.deferred()));
    }
}
