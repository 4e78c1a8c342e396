package io.certflow.web.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.certflow.autossl.run.AutoSslRunState;
import io.certflow.autossl.run.AutoSslStatusService.AutoSslStatus;
import io.certflow.autossl.run.AutoSslStatusService;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateStatus;
import io.certflow.deployment.DeploymentFailures;
import io.certflow.overview.OpenIncidents;
import io.certflow.renewal.ExpiryTimeline;
import io.certflow.renewal.FailedRenewals;
import io.certflow.renewal.RenewalStatusService;
import io.certflow.security.Caller;

/**
 * The console's home page: what an operator of many certificates checks each morning, for all the
 * user's tenants together (the certificates table it links to shows them together too, so each figure
 * is the length of the list behind its link). Only what needs attention is listed; when nothing does,
 * the page says so. Every figure is one count or grouped query in a service; no certificate is loaded.
 */
@Controller
class OverviewPage extends ConsolePage {

    static final int RECENT_DAYS = 7;
    static final int LATEST = 10;
    /** "{one|many}" in the words of what needs attention: the first for a count of one, else the second. */
    private static final Pattern ONE_OR_MANY = Pattern.compile("\\{([^|}]*)\\|([^}]*)}");

    /** One thing that needs attention: how many, what, and where they are listed. */
    record Attention(String id, long count, String words, String link) {
    }

    /** A count of the inventory, linked to its list. */
    record Total(String id, String label, long count, String link) {
    }

    private final CertificateService certificates;
    private final FailedRenewals failedRenewals;
    private final DeploymentFailures failedDeployments;
    private final RenewalStatusService renewalStates;
    private final AutoSslStatusService autoSsl;
    private final OpenIncidents incidents;
    private final ExpiryTimeline timeline;
    private final Clock clock;

    OverviewPage(CertificateService certificates, FailedRenewals failedRenewals, DeploymentFailures failedDeployments,
                 RenewalStatusService renewalStates, AutoSslStatusService autoSsl, OpenIncidents incidents, ExpiryTimeline timeline, Clock clock) {
        this.certificates = certificates;
        this.failedRenewals = failedRenewals;
        this.failedDeployments = failedDeployments;
        this.renewalStates = renewalStates;
        this.autoSsl = autoSsl;
        this.incidents = incidents;
        this.timeline = timeline;
        this.clock = clock;
    }

    @GetMapping("/")
    String overview(Caller caller, Model model) {
        Instant now = clock.instant();
        List<Attention> attention = new ArrayList<>();
        count(caller, now, attention, "unrenewed-7", filter("ISSUED", 7, null, null, "no", null),
                "{expires|expire} within 7 days (or {has|have} expired) and Certflow will not renew {it|them}");
        count(caller, now, attention, "unrenewed-30", filter("ISSUED", 30, null, null, "no", null),
                "{expires|expire} within 30 days (or {has|have} expired) and Certflow will not renew {it|them}");
        count(caller, now, attention, "expired-in-use", filter("ISSUED", 0, null, null, null, null),
                "{has|have} expired and {is|are} still in use (not replaced)");
        count(caller, now, attention, "expired-served", filter(null, 0, null, "yes", null, null),
                "{has|have} expired and {is|are} still served by a deployment target");
        count(caller, now, attention, "failed-requests", filter("FAILED", null, null, null, null, RECENT_DAYS),
                "requested in the last 7 days failed");
        FailedRenewals.Failures renewals = failedRenewals.of(caller, LATEST);
        add(attention, "failed-renewals", renewals.total(), "{certificate|certificates} failed to renew on {its|their} last attempt (the {reason is|reasons are} below)",
                "#failed-renewals");
        var deployments = failedDeployments.since(caller, now.minus(Duration.ofDays(RECENT_DAYS)), LATEST);
        add(attention, "failed-deployments", deployments.total(), "{deployment|deployments} failed or {was|were} rolled back in the last 7 days",
                "#failed-deployments");
        add(attention, "approvals", certificates.count(caller, filter("AWAITING_APPROVAL", null, null, null, null, null).query(now)),
                "certificate {request waits|requests wait} for approval in Tasklist", "/camunda/app/tasklist/default/");
        add(attention, "incidents", incidents.of(caller), "{incident is|incidents are} open in the engine (jobs out of retries)",
                "/camunda/app/cockpit/default/#/processes");
        List<AutoSslStatus> autoSslStatuses = autoSsl.statuses(caller);
        for (AutoSslStatus status : autoSslStatuses) {
            String tenant = status.tenantId();
            if (status.pauseReason() != null && !"DISABLED".equals(status.provider())) {
                // Added as it is: the reason's words are the CA's and the engine's, not the page's "{one|many}".
                attention.add(new Attention("autossl-paused-" + tenant, 1, "AutoSSL of tenant " + tenant + " is paused: "
                        + status.pauseReason(), "/autossl/providers?tenant=" + tenant));
            }
            if (status.lastRun() != null && (status.lastRun().state() == AutoSslRunState.FAILED || status.lastRun().failures() > 0)) {
                add(attention, "autossl-failed-" + tenant, status.lastRun().state() == AutoSslRunState.FAILED ? 1 : status.lastRun().failures(),
                        "AutoSSL of tenant " + tenant + ": its last run " + (status.lastRun().state() == AutoSslRunState.FAILED ? "failed"
                                : "had failures"), "/autossl/logs/" + status.lastRun().id() + "?tenant=" + tenant);
            }
            if (status.lastRun() != null && status.lastRun().namesDeferred() > 0) {
                add(attention, "autossl-deferred-" + tenant, status.lastRun().namesDeferred(),
                        "{name|names} deferred by AutoSSL's last run of tenant " + tenant + " (their preflight failed)",
                        "/autossl/logs/" + status.lastRun().id() + "?tenant=" + tenant);
            }
        }
        model.addAttribute("attention", attention);
        model.addAttribute("failedRenewals", renewals);
        model.addAttribute("failedDeployments", deployments);
        model.addAttribute("renewalStates", renewalStates.states(caller));
        model.addAttribute("autoSsl", autoSslStatuses);
        model.addAttribute("totals", totals(caller, now));
        model.addAttribute("chart", TimelineChart.of(timeline.weeks(caller)));
        model.addAttribute("tenants", caller.administrator() ? null : caller.tenantIds());
        return "console/overview";
    }

    private List<Total> totals(Caller caller, Instant now) {
        Map<CertificateStatus, Long> byStatus = certificates.countByStatus(caller);
        List<Total> totals = new ArrayList<>();
        for (CertificateStatus status : CertificateStatus.values()) {
            long count = byStatus.getOrDefault(status, 0L);
            if (count > 0 || status == CertificateStatus.ISSUED) {
                totals.add(new Total("total-" + status.name().toLowerCase(java.util.Locale.ROOT), status.name(), count,
                        filter(status.name(), null, null, null, null, null).link()));
            }
        }
        CertificateFilter managed = filter("ISSUED", null, "yes", null, null, null);
        totals.add(new Total("total-auto-managed", "in use and auto-managed", certificates.count(caller, managed.query(now)), managed.link()));
        return totals;
    }

    private void count(Caller caller, Instant now, List<Attention> attention, String id, CertificateFilter filter, String words) {
        add(attention, id, certificates.count(caller, filter.query(now)), "{certificate|certificates} " + words, filter.link());
    }

    /** Adds what needs attention when there is any; {@code words} says "{one|many}" where the count changes a word. */
    private static void add(List<Attention> attention, String id, long count, String words, String link) {
        if (count > 0) {
            attention.add(new Attention(id, count, ONE_OR_MANY.matcher(words).replaceAll(count == 1 ? "$1" : "$2"), link));
        }
    }


    private static CertificateFilter filter(String status, Integer expiring, String autoManaged, String deployed, String renewal,
                                            Integer requestedWithin) {
        return new CertificateFilter(status, expiring, autoManaged, null, null, null, null, null, deployed, renewal, requestedWithin);
    }
}
