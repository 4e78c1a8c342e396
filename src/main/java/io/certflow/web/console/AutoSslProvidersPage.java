package io.certflow.web.console;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.certflow.autossl.provider.AutoSslProviderService;
import io.certflow.autossl.provider.AutoSslProviderService.ProviderChoice;
import io.certflow.autossl.provider.AutoSslProviderService.Providers;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * AutoSSL's Providers tab: the tenant's issuers and DISABLED with their stars and capabilities, the current one marked, and the
 * choice of one with the terms of service accepted (tenant administrators). The same service as GET /api/autossl/providers and
 * PUT /api/autossl/provider.
 */
@Controller
class AutoSslProvidersPage extends AutoSslPage {

    private static final Set<String> FIELDS = Set.of("tenant", "provider", "acceptTerms");

    private final AutoSslProviderService providers;

    AutoSslProvidersPage(AutoSslProviderService providers) {
        this.providers = providers;
    }

    /** The fields as posted: the provider's radio and the terms checkbox (absent when unticked). */
    record ProviderForm(String tenant, String provider, String acceptTerms) {

        public boolean isAcceptTerms() {
            return acceptTerms != null;
        }
    }

    @GetMapping("/autossl")
    String first(@RequestParam(required = false) String tenant) {
        return tenant == null || tenant.isBlank() ? "redirect:/autossl/providers" : redirect("/autossl/providers", tenant);
    }

    @GetMapping("/autossl/providers")
    String show(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("done", done);
        String tenantId = tabs(caller, tenant, "providers", model);
        Providers listed = providers.list(caller, tenantId);
        String current = listed.providers().stream().filter(AutoSslProviderService.Provider::selected).findFirst()
                .map(AutoSslProviderService.Provider::provider).orElse(AutoSslProviderService.DISABLED);
        return page(caller, tenantId, listed, new ProviderForm(tenantId, current, null), List.of(), model);
    }

    @PostMapping("/autossl/providers")
    String save(Caller caller, @ModelAttribute ProviderForm form, Model model) {
        String tenantId = tabs(caller, form.tenant(), "providers", model);
        try {
            providers.choose(caller, new ProviderChoice(tenantId, blankToNull(form.provider()), form.isAcceptTerms()));
        } catch (InvalidRequestException e) {
            return page(caller, tenantId, providers.list(caller, tenantId), form, e.problems(), model);
        }
        return redirect("/autossl/providers", tenantId, "done", "saved");
    }

    private String page(Caller caller, String tenantId, Providers listed, ProviderForm form, List<String> problems, Model model) {
        model.addAttribute("rows", listed.providers().stream().map(ProviderRow::of).toList());
        model.addAttribute("pauseReason", listed.pauseReason());
        model.addAttribute("form", form);
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canChange", caller.administers(tenantId));
        return "console/autossl-providers";
    }
}
