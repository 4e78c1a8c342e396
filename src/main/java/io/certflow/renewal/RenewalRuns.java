package io.certflow.renewal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.renewal.RenewalCandidates.Candidate;
import io.certflow.renewal.ari.AriTimes;
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
    private final AriTimes ariTimes;
    private final RenewalWorkflow workflow;
    private final Clock clock;
    private final int pageSize;

    public RenewalRuns(RenewalStore store, RenewalCandidates candidates, AriTimes ariTimes, RenewalWorkflow workflow, Clock clock,
                       @Value("${certflow.renewal.page-size:200}") int pageSize) {
        this.store = store;
        this.candidates = candidates;
        this.ariTimes = ariTimes;
        this.workflow = workflow;
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
        // Certificates whose CA (ARI) wants them renewed by now, inside the policy's window or not.
        List<UUID> pastAriTime = ariTimes.duePage(run.tenantId(), now, run.cursorId(), pageSize);
        TreeSet<UUID> merged = merged(page, pastAriTime);
        List<UUID> looked = merged.stream().limit(pageSize).toList();
        Map<UUID, Candidate> byId = page.stream().collect(Collectors.toMap(Candidate::id, candidate -> candidate));
        Set<UUID> ariDue = Set.copyOf(pastAriTime);
        int eligible = 0;
        int started = 0;
        for (UUID id : looked) {
            Candidate candidate = byId.get(id);
            boolean due = ariDue.contains(id) || candidate != null
                    && !RenewalWindow.plannedAt(candidate.id(), candidate.notBefore(), candidate.notAfter(), policy.windowDays()).isAfter(now);
            if (!due) {
                continue;
            }
            eligible++;
            Renewal renewal = new Renewal(UUID.randomUUID(), run.tenantId(), id, run.id(), null, RenewalState.ISSUING, null,
                    null, now, now, null);
            if (store.insertRenewal(renewal)) {
                store.recordRenewalProcess(renewal.id(), workflow.startRenewal(renewal));
                started++;
            }
        }
        UUID cursor = looked.isEmpty() ? run.cursorId() : looked.get(looked.size() - 1);
        store.recordPage(runId, cursor, eligible, started, eligible - started);
        return page.size() == pageSize || pastAriTime.size() == pageSize || merged.size() > looked.size();
    }

    /**
     * Both pages together in the database's id order. Both start after the cursor, so of the first
     * page-size ids the last is the new cursor, and whatever is left out comes after it.
     */
    private static TreeSet<UUID> merged(List<Candidate> page, List<UUID> pastAriTime) {
        TreeSet<UUID> ids = new TreeSet<>(AriTimes.DATABASE_ORDER);
        page.forEach(candidate -> ids.add(candidate.id()));
        ids.addAll(pastAriTime);
        return ids;
    }

    @Transactional
    public void finish(UUID runId) {
        store.finishRun(runId, clock.instant());
        store.findRun(runId).ifPresent(run -> log.info("Renewal run {} of tenant {}: {} due, {} renewals started, {} already in flight",
                run.id(), run.tenantId(), run.eligible(), run.started(), run.skipped()));
    }
}
