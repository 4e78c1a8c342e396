package io.certflow.web;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.renewal.RenewalPolicy;
import io.certflow.renewal.RenewalPolicyService;
import io.certflow.renewal.RenewalPolicyService.PolicySettings;
import io.certflow.renewal.RenewalRun;
import io.certflow.renewal.RenewalRuns;
import io.certflow.renewal.RenewalStatusService;
import io.certflow.renewal.RenewalStatusService.RenewalStatus;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;

/** A tenant's renewal policy, Run Now, and the renewal service's status. */
@RestController
@RequestMapping(value = "/api/tenants/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
class RenewalController {

    private final RenewalPolicyService policies;
    private final RenewalRuns runs;
    private final RenewalStatusService statuses;

    RenewalController(RenewalPolicyService policies, RenewalRuns runs, RenewalStatusService statuses) {
        this.policies = policies;
        this.runs = runs;
        this.statuses = statuses;
    }

    record PolicyBody(Boolean enabled, Integer windowDays,
                      @Size(max = Limits.NAME, message = Limits.CHARACTERS) String defaultTemplate, Boolean autoProvision) {
    }

    record PolicyView(String tenant, boolean enabled, int windowDays, String defaultTemplate, boolean autoProvision, String updatedBy,
                      Instant updatedAt) {
        static PolicyView of(RenewalPolicy policy) {
            return new PolicyView(policy.tenantId(), policy.enabled(), policy.windowDays(), policy.defaultTemplate(),
                    policy.autoProvision(), policy.updatedBy(), policy.updatedAt());
        }
    }

    @Schema(name = "RenewalRunView")
    record RunView(UUID id, String tenant, String trigger, String requestedBy, Instant startedAt, Instant finishedAt, int eligible,
                   int renewalsStarted, int skippedInFlight, int deferredByBudget) {
        static RunView of(RenewalRun run) {
            return run == null ? null : new RunView(run.id(), run.tenantId(), run.trigger(), run.requestedBy(), run.startedAt(),
                    run.finishedAt(), run.eligible(), run.started(), run.skipped(), run.deferred());
        }
    }

    @Schema(name = "RenewalStatusView")
    record StatusView(boolean active, PolicyView policy, RunView lastRun, Instant nextScheduledRun, long renewalsInFlight,
                      long eligibleNow, long expiredUnrenewed) {
    }

    @GetMapping("/renewal-policy")
    PolicyView policy(Caller caller, @PathVariable String tenant) {
        return PolicyView.of(policies.get(caller, tenant));
    }

    /** Only the tenant's administrators (403 otherwise). */
    @PutMapping(value = "/renewal-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    PolicyView putPolicy(Caller caller, @PathVariable String tenant, @Valid @RequestBody PolicyBody body) {
        return PolicyView.of(policies.put(caller, tenant,
                new PolicySettings(body.enabled(), body.windowDays(), body.defaultTemplate(), body.autoProvision())));
    }

    /** Run Now: 202 with the run; a tenant whose policy is off gets a run that renews nothing. */
    @ApiResponse(responseCode = "202", description = "The run, started; follow it in renewal-status")
    @PostMapping("/renewal-runs")
    ResponseEntity<RunView> runNow(Caller caller, @PathVariable String tenant) {
        RenewalRun run = runs.runNow(caller, tenant);
        return ResponseEntity.accepted().location(URI.create("/api/tenants/" + tenant + "/renewal-status")).body(RunView.of(run));
    }

    @GetMapping("/renewal-status")
    StatusView status(Caller caller, @PathVariable String tenant) {
        RenewalStatus status = statuses.status(caller, tenant);
        return new StatusView(status.active(), PolicyView.of(status.policy()), RunView.of(status.lastRun()), status.nextScheduledRun(),
                status.inFlight(), status.eligibleNow(), status.expiredUnrenewed());
    }
}
