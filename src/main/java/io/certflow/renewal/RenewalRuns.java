package io.certflow.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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
    private final Clock clock;
    private final int pageSize;
    private final Duration startDelay;

    public RenewalRuns(RenewalStore store, RenewalCandidates candidates, RenewalWorkflow workflow, Clock clock,
                       @Value("${certflow.renewal.page-size:200}") int pageSize,
                       @Value("${certflow.renewal.start-delay:PT20S}") Duration startDelay) {
        this.store = store;
        this.candidates = candidates;
        this.workflow = workflow;
        this.clock = clock;
        this.pageSize = pageSize;
        this.startDelay = startDelay;
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
        RenewalRun run = new RenewalRun(UUID.randomUUID(), tenantId, trigger, requestedBy, clock.instant(), null, 0, 0, 0, null, null);
        store.insertRun(run);
        store.recordRunProcess(run.id(), workflow.startRun(run));
        return store.findRun(run.id()).orElseThrow();
    }

    /**
     * Looks at the next page of the run's candidates and starts a renewal for each one that is due.
     * Returns whether there may be more. Run again after a crash, it goes on from the page it left:
     * the cursor moves in the same transaction as the renewals it started.
     */
    @Transactional
    public boolean startNextPage(UUID runId) {
        RenewalRun run = store.findRun(runId).orElseThrow(() -> new IllegalStateException("No renewal run " + runId));
        RenewalPolicy policy = store.findPolicy(run.tenantId()).orElse(RenewalPolicy.off(run.tenantId()));
        if (!policy.enabled() || run.finishedAt() != null) {
            return false;
        }
        Instant now = clock.instant();
        List<Candidate> page = candidates.page(run.tenantId(), now.plus(Duration.ofDays(policy.windowDays())), run.cursorId(), pageSize);
        List<Renewal> due = new ArrayList<>();
        for (Candidate candidate : page) {
            if (RenewalWindow.plannedAt(candidate.id(), candidate.notBefore(), candidate.notAfter(), policy.windowDays()).isAfter(now)) {
                continue;
            }
            due.add(new Renewal(UUID.randomUUID(), run.tenantId(), candidate.id(), run.id(), null, RenewalState.ISSUING, null,
                    null, now, now, null));
        }
        // A page's renewals are written, started and noted in a few statements, not four per renewal; and they begin their
        // work once the run is through its pages, or startDelay after the run started (those of the last page at once).
        // Renewals working meanwhile took both cores and every statement of the run waited its turn: a page of 100 took
        // seconds instead of a tenth of one, and 10,000 renewals took six minutes to start instead of seconds.
        boolean morePages = page.size() == pageSize;
        Instant beginsAt = morePages && run.startedAt().plus(startDelay).isAfter(now) ? run.startedAt().plus(startDelay) : now;
        List<Renewal> inserted = store.insertRenewals(due);
        store.recordRenewalProcesses(workflow.startRenewals(inserted, beginsAt));
        UUID cursor = page.isEmpty() ? run.cursorId() : page.get(page.size() - 1).id();
        store.recordPage(runId, cursor, due.size(), inserted.size(), due.size() - inserted.size());
        return morePages;
    }

    @Transactional
    public void finish(UUID runId) {
        store.finishRun(runId, clock.instant());
        store.findRun(runId).ifPresent(run -> log.info("Renewal run {} of tenant {}: {} due, {} renewals started, {} already in flight",
                run.id(), run.tenantId(), run.eligible(), run.started(), run.skipped()));
    }
}
