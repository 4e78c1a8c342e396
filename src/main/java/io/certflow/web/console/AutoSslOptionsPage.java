package io.certflow.web.console;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsService;
import io.certflow.autossl.AutoSslSettingsService.Options;
import io.certflow.error.InvalidRequestException;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.Caller;

/**
 * AutoSSL's Options tab: the feature list's default, replacing certificates AutoSSL did not issue (with its EV/OV warning), and the
 * notification levels for users and administrators. Read-only for members; the same service as GET/PUT /api/autossl/settings.
 */
@Controller
class AutoSslOptionsPage extends AutoSslPage {

    private static final Set<String> FIELDS = Set.of("tenant", "defaultEnabled", "replaceNonAutoSsl", "userLevel", "adminLevel");

    private final AutoSslSettingsService settings;

    AutoSslOptionsPage(AutoSslSettingsService settings) {
        this.settings = settings;
    }

    /** The fields as posted: defaultEnabled "true" or "false", the checkbox absent when unticked, the levels' names. */
    record OptionsForm(String tenant, String defaultEnabled, String replaceNonAutoSsl, String userLevel, String adminLevel) {

        static OptionsForm of(AutoSslSettings current) {
            return new OptionsForm(current.tenantId(), Boolean.toString(current.defaultEnabled()), current.replaceNonAutoSsl() ? "on" : null,
                    current.userLevel().name(), current.adminLevel().name());
        }

        public boolean isReplaceNonAutoSsl() {
            return replaceNonAutoSsl != null;
        }

        Options options() {
            Boolean enabled = "true".equals(defaultEnabled) ? Boolean.TRUE : "false".equals(defaultEnabled) ? Boolean.FALSE : null;
            return new Options(enabled, isReplaceNonAutoSsl(), blankToNull(userLevel), blankToNull(adminLevel));
        }
    }

    @GetMapping("/autossl/options")
    String show(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("done", done);
        String tenantId = tabs(caller, tenant, "options", model);
        AutoSslSettingsService.View view = settings.get(caller, tenantId);
        return page(caller, tenantId, OptionsForm.of(view.settings()), view, List.of(), model);
    }

    @PostMapping("/autossl/options")
    String save(Caller caller, @ModelAttribute OptionsForm form, Model model) {
        String tenantId = tabs(caller, form.tenant(), "options", model);
        try {
            settings.put(caller, tenantId, form.options());
        } catch (InvalidRequestException e) {
            return page(caller, tenantId, form, settings.get(caller, tenantId), e.problems(), model);
        }
        return redirect("/autossl/options", tenantId, "done", "saved");
    }

    private String page(Caller caller, String tenantId, OptionsForm form, AutoSslSettingsService.View saved, List<String> problems,
                        Model model) {
        model.addAttribute("form", form);
        model.addAttribute("saved", saved);
        model.addAttribute("updatedAt", AutoSslWords.time(saved.settings().updatedAt()));
        model.addAttribute("levels", Arrays.stream(NotificationLevel.values()).collect(Collectors.toMap(NotificationLevel::name,
                AutoSslWords::level, (a, b) -> a, java.util.LinkedHashMap::new)));
        model.addAttribute("replaceWarning", AutoSslSettingsService.REPLACE_WARNING);
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canChange", caller.administers(tenantId));
        return "console/autossl-options";
    }
}
