package io.certflow.renewal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.issuer.IssuerService;
import io.certflow.security.Caller;

/** A tenant's renewal policy: every member reads it, its administrators change it. */
@Service
@Transactional
public class RenewalPolicyService {

    public static final int MAX_WINDOW_DAYS = 365;

    private final RenewalStore store;
    private final IssuerService issuers;
    private final Clock clock;

    public RenewalPolicyService(RenewalStore store, IssuerService issuers, Clock clock) {
        this.store = store;
        this.issuers = issuers;
        this.clock = clock;
    }

    /** What the API sends. */
    public record PolicySettings(Boolean enabled, Integer windowDays, String defaultTemplate, Boolean autoProvision) {
    }

    @Transactional(readOnly = true)
    public RenewalPolicy get(Caller caller, String tenantId) {
        requireVisible(caller, tenantId);
        return store.findPolicy(tenantId).orElse(RenewalPolicy.off(tenantId));
    }

    public RenewalPolicy put(Caller caller, String tenantId, PolicySettings settings) {
        requireVisible(caller, tenantId);
        caller.requireAdministratorOf(tenantId, "change the renewal policy");
        List<String> problems = new ArrayList<>();
        if (settings.enabled() == null) {
            problems.add("enabled: true or false is required");
        }
        int windowDays = settings.windowDays() == null ? RenewalPolicy.DEFAULT_WINDOW_DAYS : settings.windowDays();
        if (windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
            problems.add("windowDays: from 1 to " + MAX_WINDOW_DAYS + " days before expiry");
        }
        String template = settings.defaultTemplate();
        if (template != null && issuers.findTemplate(tenantId, template).isEmpty()) {
            problems.add("defaultTemplate: no template named '" + template + "' in tenant " + tenantId);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        RenewalPolicy policy = new RenewalPolicy(tenantId, settings.enabled(), windowDays, template,
                settings.autoProvision() == null || settings.autoProvision(), caller.userId(), clock.instant());
        store.savePolicy(policy);
        return policy;
    }

    /** Another tenant's policy is as unknown as a tenant that does not exist. */
    static void requireVisible(Caller caller, String tenantId) {
        if (tenantId == null || !caller.canSee(tenantId)) {
            throw new NotFoundException("Tenant", tenantId);
        }
    }
}
