package io.certflow.autossl.run;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.autossl.log.RunLog;
import io.certflow.autossl.log.RunLogLevel;
import io.certflow.autossl.preflight.NamePreflight;
import io.certflow.autossl.run.AccountCoverage.Holder;
import io.certflow.autossl.run.AccountCoverage.NameVerdict;
import io.certflow.autossl.run.AccountCoverage.Need;
import io.certflow.autossl.run.AccountCoverage.Piece;
import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.ValidationMethod;
import io.certflow.issuance.CertificateRequestService;
import io.certflow.issuance.CertificateRequestService.Prepared;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.renewal.RenewalPolicy;
import io.certflow.renewal.RenewalStore;

/**
 * The check of one account in one run: what its names need ({@link AccountCoverage}), a preflight for
 * each name that needs a certificate ({@link NamePreflight}), the certificates to order, and once they
 * are issued or failed, the outcome. One broken name never fails the account: it is deferred with the
 * reason and tried again by the next run, and the account's other names are still ordered.
 */
@Service
public class AutoSslChecks {

    static final String REQUESTED_BY = "autossl";

    private final AutoSslRunStore store;
    private final RunAccounts accounts;
    private final AutoSslSettingsStore settings;
    private final ProviderGate provider;
    private final IssuerStore issuers;
    private final RenewalStore renewals;
    private final CoverageHolders holders;
    private final NamePreflight preflight;
    private final CertificateRequestService requests;
    private final CertificateStore certificates;
    private final RunLog runLog;
    private final RunNotices notices;
    private final RunEnd runEnd;
    private final Clock clock;

    public AutoSslChecks(AutoSslRunStore store, RunAccounts accounts, AutoSslSettingsStore settings, ProviderGate provider,
                         IssuerStore issuers, RenewalStore renewals, CoverageHolders holders, NamePreflight preflight,
                         CertificateRequestService requests, CertificateStore certificates, RunLog runLog, RunNotices notices, RunEnd runEnd,
                         Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.settings = settings;
        this.provider = provider;
        this.issuers = issuers;
        this.renewals = renewals;
        this.holders = holders;
        this.preflight = preflight;
        this.requests = requests;
        this.certificates = certificates;
        this.runLog = runLog;
        this.notices = notices;
        this.runEnd = runEnd;
        this.clock = clock;
    }

    /**
     * Plans the check: returns whether it ordered certificates. The orders are written with their
     * certificates and requests in this transaction; run again (the transaction rolled back), it plans
     * afresh, and run after it committed, it finds the orders written.
     */
    @Transactional
    public boolean plan(UUID checkId) {
        AutoSslCheck check = store.findCheck(checkId).orElse(null);
        if (check == null || !AutoSslCheck.CHECKING.equals(check.state())) {
            return false;
        }
        if (!store.ordersOf(checkId).isEmpty()) {
            return true;
        }
        RunAccounts.AccountToCheck account = accounts.byId(check.accountId()).orElse(null);
        if (account == null) {
            return false;
        }
        AutoSslSettings tenant = settings.find(check.tenantId());
        Issuer issuer = tenant.providerIssuerId() == null ? null : issuers.findById(tenant.providerIssuerId()).orElse(null);
        if (issuer == null) {
            runLog.append(check.runId(), check.tenantId(), account.name(), null, RunLogLevel.WARN, "the provider is DISABLED; nothing ordered");
            return false;
        }
        int windowDays = renewals.findPolicy(check.tenantId()).map(RenewalPolicy::windowDays).orElse(RenewalPolicy.DEFAULT_WINDOW_DAYS);
        List<RunAccounts.DomainNames> domains = accounts.namesOf(account.id());
        List<String> wanted = domains.stream().flatMap(domain -> domain.names().stream()).distinct().toList();
        List<Holder> held = holders.of(check.tenantId(), account.id(), wanted, windowDays);
        Plan plan = new Plan(check, account, issuer, tenant, held);
        domains.forEach(plan::domain);
        store.recordCoverage(checkId, wanted.size(), plan.covered, plan.deferred);
        return plan.position > 0;
    }

    /** The planning of one check, a domain at a time. */
    private final class Plan {
        private final AutoSslCheck check;
        private final RunAccounts.AccountToCheck account;
        private final Issuer issuer;
        private final AutoSslSettings tenant;
        private final List<Holder> held;
        private final Instant now = clock.instant();
        private int covered;
        private int deferred;
        private int position;

        Plan(AutoSslCheck check, RunAccounts.AccountToCheck account, Issuer issuer, AutoSslSettings tenant, List<Holder> held) {
            this.check = check;
            this.account = account;
            this.issuer = issuer;
            this.tenant = tenant;
            this.held = held;
        }

        void domain(RunAccounts.DomainNames domain) {
            List<NameVerdict> verdicts = domain.names().stream()
                    .map(name -> AccountCoverage.judge(name, held, tenant.replaceNonAutoSsl(), now)).toList();
            Map<String, ValidationMethod> methods = new LinkedHashMap<>();
            Set<String> passed = new HashSet<>();
            for (NameVerdict verdict : verdicts) {
                if (verdict.need() == Need.COVERED) {
                    covered++;
                } else if (verdict.need() == Need.ORDER) {
                    NamePreflight.Outcome outcome = preflight.check(check.tenantId(), verdict.name(), issuer);
                    if (outcome.passed()) {
                        passed.add(verdict.name());
                        methods.put(verdict.name(), outcome.method());
                    } else {
                        deferred++;
                        runLog.append(check.runId(), check.tenantId(), account.name(), verdict.name(), RunLogLevel.WARN,
                                "deferred: " + outcome.deferral() + "; tried again on the next run");
                        notices.deferred(check, account, verdict.name(), outcome.deferral());
                    }
                } else {
                    log(verdict, RunLogLevel.INFO, verdict.why());
                }
            }
            List<Piece> pieces = AccountCoverage.piecesToOrder(verdicts, passed, held, provider.namesPerCertificate(issuer));
            if (pieces.isEmpty() && verdicts.stream().allMatch(v -> v.need() == Need.COVERED)) {
                runLog.append(check.runId(), check.tenantId(), account.name(), domain.domain(), RunLogLevel.INFO,
                        "all " + verdicts.size() + " names covered by a valid AutoSSL certificate");
            }
            for (Piece piece : pieces) {
                order(domain.domain(), piece, methods);
            }
        }

        private void order(String domain, Piece piece, Map<String, ValidationMethod> preflighted) {
            Map<String, ValidationMethod> methods = new LinkedHashMap<>();
            // A covered name was proven for its current certificate; it is proven the same way again.
            piece.names().forEach(name -> methods.put(name, preflighted.getOrDefault(name, preflight.methodFor(check.tenantId(), name, issuer))));
            Prepared prepared = requests.prepareAutoSsl(check.tenantId(), issuer.id(), methods, accounts.targetsOf(account.id()),
                    piece.replaces(), REQUESTED_BY);
            store.markAutoSsl(prepared.certificateId(), account.id());
            store.insertOrder(new AutoSslOrder(UUID.randomUUID(), check.id(), prepared.certificateId(), prepared.requestId(), domain,
                    piece.replaces()), check.runId(), check.tenantId(), account.id(), position++, now);
            runLog.append(check.runId(), check.tenantId(), account.name(), domain, RunLogLevel.INFO, "ordered a certificate from "
                    + issuer.name() + " for " + String.join(", ", piece.names())
                    + (piece.replaces() == null ? "" : " (replacing certificate " + piece.replaces() + ")"));
        }

        private void log(NameVerdict verdict, RunLogLevel level, String message) {
            runLog.append(check.runId(), check.tenantId(), account.name(), verdict.name(), level, message);
        }
    }

    @Transactional(readOnly = true)
    public List<UUID> orderRequestIds(UUID checkId) {
        return store.ordersOf(checkId).stream().map(AutoSslOrder::requestId).toList();
    }

    @Transactional(readOnly = true)
    public AutoSslOrder order(UUID requestId) {
        return store.orderOfRequest(requestId).orElseThrow(() -> new IllegalStateException("No AutoSSL order of request " + requestId));
    }

    @Transactional(readOnly = true)
    public UUID issuerOf(UUID requestId) {
        return certificate(order(requestId).certificateId()).issuerId();
    }

    @Transactional(readOnly = true)
    public List<String> domainsOf(UUID requestId) {
        return certificate(order(requestId).certificateId()).domains();
    }

    /**
     * Ends the check once its certificates are issued or failed: each outcome in the run's log and to
     * the account's contact and the administrators, an issued one in the place of the AutoSSL
     * certificate it replaces; then the account is free, and the run ends if this was its last check.
     */
    @Transactional
    public void finish(UUID checkId, UUID runId) {
        AutoSslCheck check = store.findCheck(checkId).orElse(null);
        if (check == null) {
            // The account was deleted meanwhile, and its check with it.
            runEnd.finishIfDone(runId);
            return;
        }
        if (!AutoSslCheck.CHECKING.equals(check.state())) {
            return;
        }
        RunAccounts.AccountToCheck account = accounts.byId(check.accountId()).orElse(null);
        String accountName = account == null ? null : account.name();
        List<AutoSslOrder> orders = store.ordersOf(checkId);
        int failures = 0;
        for (AutoSslOrder order : orders) {
            Certificate issued = certificate(order.certificateId());
            if (issued.status() == CertificateStatus.ISSUED) {
                replace(order, issued);
                runLog.append(check.runId(), check.tenantId(), accountName, order.domain(), RunLogLevel.INFO, "issued certificate "
                        + issued.serialNumber() + " for " + String.join(", ", issued.domains()) + ", valid until " + issued.notAfter());
                notices.issued(check, account, issued);
            } else {
                failures++;
                runLog.append(check.runId(), check.tenantId(), accountName, order.domain(), RunLogLevel.ERROR, "the certificate for "
                        + String.join(", ", issued.domains()) + " was not issued: " + issued.failureReason());
                notices.failed(check, account, issued);
            }
        }
        store.endCheck(checkId, AutoSslCheck.DONE, orders.size(), failures == 0 ? null : failures + " certificates failed", clock.instant());
        // The run's row last and briefly: every check of the run ends through it, one at a time.
        store.lockRun(check.runId());
        store.addCheckFigures(check.runId(), orders.size(), check.namesDeferred(), failures);
        runEnd.finishIfDone(check.runId());
    }

    /** An issued certificate takes the place of the AutoSSL certificate it replaces (one AutoSSL did not issue stays as it is). */
    private void replace(AutoSslOrder order, Certificate issued) {
        if (order.replacesId() == null) {
            return;
        }
        certificates.findCertificate(order.replacesId())
                .filter(old -> old.status() == CertificateStatus.ISSUED && store.isAutoSsl(old.id()))
                .ifPresent(old -> certificates.supersede(old.id(), issued.id(), clock.instant()));
    }

    private Certificate certificate(UUID id) {
        return certificates.findCertificate(id).orElseThrow(() -> new IllegalStateException("No certificate " + id));
    }
}
