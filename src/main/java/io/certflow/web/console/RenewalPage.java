package io.certflow.web.console;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.certflow.error.InvalidRequestException;
import io.certflow.renewal.RenewalPolicy;
import io.certflow.renewal.RenewalPolicyService;
import io.certflow.renewal.RenewalPolicyService.PolicySettings;
import io.certflow.renewal.RenewalRuns;
import io.certflow.renewal.RenewalStatusService;
import io.certflow.security.Caller;

/**
 * A tenant's renewal: the policy form (read-only for members), Run Now, and the status panel. The
 * same services as /api/tenants/{tenant}/renewal-policy, .../renewal-runs and .../renewal-status.
 */
@Controller
class RenewalPage extends ConsolePage {

    private static final Set<String> FIELDS = Set.of("tenant", "enabled", "windowDays", "defaultTemplate", "autoProvision");

    private final RenewalPolicyService policies;
    private final RenewalRuns runs;
    private final RenewalStatusService statuses;

    RenewalPage(RenewalPolicyService policies, RenewalRuns runs, RenewalStatusService statuses) {
        this.policies = policies;
        this.runs = runs;
        this.statuses = statuses;
    }

    /** The policy form's fields as typed (a checkbox left unticked sends nothing). */
    record PolicyForm(String tenant, String enabled, String windowDays, String defaultTemplate, String autoProvision) {

        static PolicyForm of(RenewalPolicy policy) {
            return new PolicyForm(policy.tenantId(), policy.enabled() ? "on" : null, Integer.toString(policy.windowDays()),
                    policy.defaultTemplate(), policy.autoProvision() ? "on" : null);
        }

        public boolean isEnabled() {
            return enabled != null;
        }

        public boolean isAutoProvision() {
            return autoProvision != null;
        }
    }

    @GetMapping("/renewal")
    String show(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String done, Model model) {
        String tenantId = tenantOf(caller, tenant);
        model.addAttribute("done", done);
        return page(caller, tenantId, PolicyForm.of(policies.get(caller, tenantId)), List.of(), model);
    }

    @PostMapping("/renewal/policy")
    String save(Caller caller, @ModelAttribute PolicyForm form, Model model) {
        String tenantId = tenantOf(caller, form.tenant());
        Integer windowDays;
        try {
            windowDays = form.windowDays() == null || form.windowDays().isBlank() ? null : Integer.valueOf(form.windowDays().trim());
        } catch (NumberFormatException e) {
            return page(caller, tenantId, form, List.of("windowDays: a whole number of days, from 1 to "
                    + RenewalPolicyService.MAX_WINDOW_DAYS), model);
        }
        String template = form.defaultTemplate() == null || form.defaultTemplate().isBlank() ? null : form.defaultTemplate().trim();
        try {
            policies.put(caller, tenantId, new PolicySettings(form.isEnabled(), windowDays, template, form.isAutoProvision()));
        } catch (InvalidRequestException e) {
            return page(caller, tenantId, form, e.problems(), model);
        }
        return redirect(tenantId, "saved");
    }

    /** Run Now, for every member of the tenant, as the API offers it (a run does only what the policy says). */
    @PostMapping("/renewal/run-now")
    String runNow(Caller caller, @RequestParam(required = false) String tenant) {
        String tenantId = tenantOf(caller, tenant);
        policies.get(caller, tenantId);
        runs.runNow(caller, tenantId);
        return redirect(tenantId, "ran");
    }

    private String page(Caller caller, String tenantId, PolicyForm form, List<String> problems, Model model) {
                model.addAttribute("tenant", tenantId);
        model.addAttribute("tenants", caller.tenantIds());
        model.addAttribute("form", form);
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canChange", caller.administers(tenantId));
        model.addAttribute("status", statuses.status(caller, tenantId));
        return "console/renewal";
    }

    private static String redirect(String tenantId, String done) {
        return "redirect:" + UriComponentsBuilder.fromPath("/renewal").queryParam("tenant", tenantId).queryParam("done", done)
                .encode().build().toUriString();
    }
}
