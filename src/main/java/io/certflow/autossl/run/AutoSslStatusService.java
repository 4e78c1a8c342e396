package io.certflow.autossl.run;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.security.Caller;

/** What AutoSSL is doing for a tenant: its provider, whether it is paused and why, the last run and the next. */
@Service
@Transactional(readOnly = true)
public class AutoSslStatusService {

    private final AutoSslRunStore store;
    private final AutoSslSettingsStore settings;
    private final IssuerStore issuers;
    private final ProviderGate provider;
    private final AutoSslWorkflow workflow;

    public AutoSslStatusService(AutoSslRunStore store, AutoSslSettingsStore settings, IssuerStore issuers, ProviderGate provider,
                                AutoSslWorkflow workflow) {
        this.store = store;
        this.settings = settings;
        this.issuers = issuers;
        this.provider = provider;
        this.workflow = workflow;
    }

    /**
     * @param provider    the issuer's name, or DISABLED
     * @param pauseReason why AutoSSL orders nothing now, or null
     */
    public record AutoSslStatus(String tenantId, String provider, String pauseReason, AutoSslRun lastRun, Instant nextScheduledRun,
                                long checksInFlight, long pendingRequests) {
    }

    public AutoSslStatus status(Caller caller, String tenant) {
        String tenantId = caller.tenantForNewRow(tenant);
        AutoSslSettings current = settings.find(tenantId);
        String providerName = current.providerIssuerId() == null ? "DISABLED"
                : issuers.findById(current.providerIssuerId()).map(Issuer::name).orElse("DISABLED");
        return new AutoSslStatus(tenantId, providerName, provider.pauseReason(tenantId).orElse(null),
                store.runsOf(tenantId, 0, 1).stream().findFirst().orElse(null), workflow.nextScheduledRun(), store.countChecksInFlight(tenantId),
                store.countPending(tenantId));
    }

    /**
     * The status of each of the caller's tenants that uses AutoSSL (a provider chosen, or a run on record), by name;
     * the global administrator's tenants are those that chose a provider.
     */
    public List<AutoSslStatus> statuses(Caller caller) {
        List<String> tenants = caller.visibleTenants();
        if (tenants == null) {
            tenants = settings.tenantsWithProvider();
        }
        return new TreeSet<>(tenants).stream().map(tenant -> status(caller, tenant))
                .filter(found -> !"DISABLED".equals(found.provider()) || found.lastRun() != null).toList();
    }
}
