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

import io.certflow.certificate.CertificateStore;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationService;
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
    private final RenewalWorkflow workflow;
    private final AriTimes ariTimes;
    private final IssuerStore issuers;
    private final CertificateStore certificates;
    private final NotificationService notifications;
    private final Clock clock;
    private final int pageSize;
    private final Duration startDelay;

    public RenewalRuns(RenewalStore store, RenewalCandidates candidates, RenewalWorkflow workflow, AriTimes ariTimes, IssuerStore issuers,
                       CertificateStore certificates, NotificationService notifications, Clock clock,
                       @Value("${certflow.renewal.page-size:200}") int pageSize,
                       @Value("${certflow.renewal.start-delay:PT20S}") Duration startDelay) {
        this.startDelay = startDelay;
        this.certificates = certificates;
        this.notifications = notifications;
        this.store = store;
        this.candidates = candidates;
        this.workflow = workflow;
        this.ariTimes = ariTimes;
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
        RenewalRun run = new RenewalRun(UUID.randomUUID(), tenantId, trigger, requestedBy, clock.instant(), null, 0, 0, 0, 0, null, false, null, null);
        store.insertRun(run);
        store.recordRunProcess(run.id(), workflow.startRun(run));
        return store.findRun(run.id()).orElseThrow();
    }

    /**
     * One step of a run. First the candidates of the tenant's policy, a page at a time, earliest expiry
     * first; then the certificates whose CA (ARI) wants them renewed by now, inside the policy's window
     * or not. Each due certificate gets a renewal as long as its issuer's budget for the last hour
     * allows. Returns whether there is more. Run again after a crash, a step goes on from where the
     * last one left: the cursors move in the same transaction as the renewals a step started.
     */
    @Transactional
    public boolean startNextPage(UUID runId) {
        RenewalRun run = store.findRun(runId).orElseThrow(() -> new IllegalStateException("No renewal run " + runId));
        RenewalPolicy policy = store.findPolicy(run.tenantId()).orElse(RenewalPolicy.off(run.tenantId()));
        if (!policy.enabled() || run.finishedAt() != null) {
            return false;
        }
        Instant now = clock.instant();
        if (!run.policyDone()) {
            List<Candidate> page = candidates.page(run.tenantId(), now.plus(Duration.ofDays(policy.windowDays())), run.cursor(), pageSize);
            boolean more = page.size() == pageSize;
            Page step = new Page(run, now, beginsAt(run, now, more));
            for (Candidate candidate : page) {
                if (!RenewalWindow.plannedAt(candidate.id(), candidate.notBefore(), candidate.notAfter(), policy.windowDays()).isAfter(now)) {
                    step.start(candidate);
                }
            }
            store.recordPage(runId, page.isEmpty() ? run.cursor() : page.get(page.size() - 1), !more, run.ariCursor(), step.eligible,
                    step.started, step.skipped, step.deferred);
            return true;
        }
        List<UUID> pastAriTime = ariTimes.duePage(run.tenantId(), now, run.ariCursor(), pageSize);
        Page step = new Page(run, now, beginsAt(run, now, pastAriTime.size() == pageSize));
        for (Candidate candidate : candidates.of(pastAriTime)) {
            // A certificate due by the policy too was started by this run already.
            if (!store.startedInRun(runId, candidate.id())) {
                step.start(candidate);
            }
        }
        store.recordPage(runId, run.cursor(), true, pastAriTime.isEmpty() ? run.ariCursor() : pastAriTime.get(pastAriTime.size() - 1),
                step.eligible, step.started, step.skipped, step.deferred);
        return pastAriTime.size() == pageSize;
    }

    /**
     * When the renewals a page starts begin their work: once the run is through its pages, at the
     * latest startDelay after it started; those of its last page at once. Renewals that worked while
     * the run still paged took both cores (24 job threads against the run's one): a page of 110
     * renewals took 3 to 7 s instead of 0.07 s, and 10,000 renewals took six minutes to start
     * (bench/renewal, README: Benchmark: Renewals).
     */
    private Instant beginsAt(RenewalRun run, Instant now, boolean morePages) {
        Instant afterDelay = run.startedAt().plus(startDelay);
        return morePages && afterDelay.isAfter(now) ? afterDelay : now;
    }

    /**
     * A certificate the budget puts off may not get its turn before it expires when it expires
     * before the next scheduled run (or within a day, when runs are more frequent): a person hears
     * of it, once.
     */
    private void warnIfItExpiresFirst(Candidate candidate, Instant horizon) {
        if (candidate.notAfter().isAfter(horizon)) {
            return;
        }
        String names = String.join(", ", certificates.findCertificate(candidate.id()).map(c -> c.domains()).orElse(List.of()));
        Instant nextRun = workflow.nextScheduledRun();
        notifications.raise(new Notification(tenantOf(candidate), NotificationKind.WARNING, "Renewal put off, expires soon: " + names,
                "The renewal of the certificate for " + names + " (" + candidate.id() + ") was put off: its issuer's budget of renewals"
                        + " for this hour is spent (PATCH /api/issuers/{id} ordersPerHour). It expires at " + candidate.notAfter()
                        + (nextRun == null ? "" : "; the next scheduled run is at " + nextRun)
                        + ", possibly before its turn. Raise the budget, run renewals more often, or Run Now within the hour.\n",
                "deferred-expiring:" + candidate.id()));
    }

    private String tenantOf(Candidate candidate) {
        return certificates.findCertificate(candidate.id()).map(c -> c.tenantId()).orElseThrow();
    }

    /** What one step of a run started, skipped and put off. */
    private final class Page {
        private final RenewalRun run;
        private final Instant now;
        private final Instant beginsAt;
        private final Budgets budgets;
        private int eligible;
        private int started;
        private int skipped;
        private int deferred;
        private Instant warningHorizon;

        Page(RenewalRun run, Instant now, Instant beginsAt) {
            this.run = run;
            this.now = now;
            this.beginsAt = beginsAt;
            this.budgets = new Budgets(now);
        }

        void start(Candidate candidate) {
            eligible++;
            if (store.inFlight(candidate.id())) {
                skipped++;
                return;
            }
            if (!budgets.allowsOneMore(candidate.issuerId())) {
                deferred++;
                warnIfItExpiresFirst(candidate, warningHorizon());
                return;
            }
            Renewal renewal = new Renewal(UUID.randomUUID(), run.tenantId(), candidate.id(), run.id(), candidate.issuerId(), null,
                    RenewalState.ISSUING, null, null, now, now, null);
            if (store.insertRenewal(renewal)) {
                store.recordRenewalProcess(renewal.id(), workflow.startRenewal(renewal, beginsAt));
                budgets.spend(candidate.issuerId());
                started++;
            } else {
                skipped++;
            }
        }

        /** The later of a day from now and the next scheduled run: a put-off certificate expiring before it may miss its turn. */
        private Instant warningHorizon() {
            if (warningHorizon == null) {
                Instant nextRun = workflow.nextScheduledRun();
                Instant aDay = now.plus(Duration.ofDays(1));
                warningHorizon = nextRun != null && nextRun.isAfter(aDay) ? nextRun : aDay;
            }
            return warningHorizon;
        }
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
