package io.certflow.renewal;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Caller;

/**
 * Whether each of the caller's tenants has its renewal service on, its last run and the next one: the
 * head of {@link RenewalStatusService}'s panel, without the counts that page through the candidates
 * (due now), so a morning overview of many tenants stays a few keyed reads per tenant.
 */
@Service
@Transactional(readOnly = true)
public class RenewalServiceStates {

    /**
     * @param lastRun the tenant's latest run, or null
     * @param nextRun when the daily run starts next, null while the policy is off
     */
    public record ServiceState(String tenantId, boolean active, RenewalRun lastRun, Instant nextRun) {
    }

    private final RenewalStore store;
    private final RenewalWorkflow workflow;
    private final NamedParameterJdbcTemplate jdbc;

    public RenewalServiceStates(RenewalStore store, RenewalWorkflow workflow, NamedParameterJdbcTemplate jdbc) {
        this.store = store;
        this.workflow = workflow;
        this.jdbc = jdbc;
    }

    /** The caller's tenants (the global administrator: every tenant with a renewal policy), by name. */
    public List<ServiceState> of(Caller caller) {
        List<String> tenants = caller.visibleTenants();
        if (tenants == null) {
            tenants = jdbc.queryForList("select tenant_id from certflow.renewal_policy", new MapSqlParameterSource(), String.class);
        }
        Instant next = null;
        boolean nextRead = false;
        List<ServiceState> states = new java.util.ArrayList<>();
        for (String tenant : new TreeSet<>(tenants)) {
            boolean active = store.findPolicy(tenant).map(RenewalPolicy::enabled).orElse(false);
            if (active && !nextRead) {
                next = workflow.nextScheduledRun();
                nextRead = true;
            }
            states.add(new ServiceState(tenant, active, store.lastRun(tenant).orElse(null), active ? next : null));
        }
        return states;
    }
}
