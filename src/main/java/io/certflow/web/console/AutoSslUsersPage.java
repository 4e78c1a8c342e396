package io.certflow.web.console;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.certflow.autossl.AccountDetails;
import io.certflow.autossl.AccountOverrides;
import io.certflow.autossl.AccountPage;
import io.certflow.autossl.AccountService;
import io.certflow.autossl.run.AutoSslRun;
import io.certflow.autossl.run.AutoSslRuns;
import io.certflow.autossl.run.AutoSslRuns.RunRequest;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * AutoSSL's Manage Users tab: the hosting accounts with their effective setting, searched (name or domain) and paged; Enable,
 * Disable and Reset for the selected accounts (tenant administrators, as POST /api/autossl/overrides) and a Check per account (any
 * member, as POST /api/autossl/runs {account}). An account's own page shows its domains and the names AutoSSL covers.
 */
@Controller
class AutoSslUsersPage extends AutoSslPage {

    static final int PAGE_SIZE = 50;
    private static final Set<String> FIELDS = Set.of("tenant", "accounts", "action", "account");
    private static final int NAMES_IN_MESSAGE = 10;

    private final AccountService accounts;
    private final AccountOverrides overrides;
    private final AutoSslRuns runs;

    AutoSslUsersPage(AccountService accounts, AccountOverrides overrides, AutoSslRuns runs) {
        this.accounts = accounts;
        this.overrides = overrides;
        this.runs = runs;
    }

    @GetMapping("/autossl/users")
    String list(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String done,
                @RequestParam(required = false) String names, @RequestParam(required = false) UUID run, Model model) {
        String tenantId = tabs(caller, tenant, "users", model);
        model.addAttribute("done", done == null ? null : doneMessage(done, names));
        model.addAttribute("doneRun", run);
        return page(caller, tenantId, q, page, List.of(), List.of(), model);
    }

    /** Enable, Disable or Reset (the button pressed) for the ticked accounts; all or none are changed. */
    @PostMapping("/autossl/users/overrides")
    String override(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String q,
                    @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String action,
                    @RequestParam(required = false) List<String> accounts, Model model) {
        String tenantId = tabs(caller, tenant, "users", model);
        List<String> selected = accounts == null ? List.of() : accounts;
        try {
            overrides.apply(caller, tenantId, selected, action);
        } catch (InvalidRequestException e) {
            return page(caller, tenantId, q, page, selected, e.problems(), model);
        }
        return redirect("/autossl/users", tenantId, "q", blankToNull(q), "page", page == 0 ? null : page, "done",
                action.toLowerCase(Locale.ROOT), "names", summary(selected));
    }

    /** The Check button of one account: a run for it alone. */
    @PostMapping("/autossl/users/check")
    String check(Caller caller, @RequestParam(required = false) String tenant, @RequestParam(required = false) String q,
                 @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String account,
                 @RequestParam(required = false) List<String> accounts, Model model) {
        String tenantId = tabs(caller, tenant, "users", model);
        AutoSslRun run;
        try {
            run = runs.request(caller, new RunRequest(tenantId, null, blankToNull(account)));
        } catch (InvalidRequestException e) {
            return page(caller, tenantId, q, page, accounts == null ? List.of() : accounts, e.problems(), model);
        }
        return redirect("/autossl/users", tenantId, "q", blankToNull(q), "page", page == 0 ? null : page, "done", "check", "names",
                run.accountName(), "run", run.id());
    }

    /** One account: its domains, the names AutoSSL covers for it, its setting and its notification level. */
    @GetMapping("/autossl/users/{id}")
    String account(Caller caller, @PathVariable UUID id, Model model) {
        AccountDetails details = accounts.get(caller, id);
        String tenantId = tabs(caller, details.account().tenantId(), "users", model);
        model.addAttribute("account", details);
        model.addAttribute("row", AccountRow.of(details));
        model.addAttribute("domains", details.domains().stream().map(domain -> new DomainRow(domain.name(),
                domain.services().stream().map(Enum::name).toList(), accounts.namesToCover(domain))).toList());
        model.addAttribute("userLevel", AutoSslWords.level(details.userLevel()));
        model.addAttribute("ownLevel", details.account().notificationLevel() == null ? null
                : AutoSslWords.level(details.account().notificationLevel()));
        model.addAttribute("tenantOfAccount", tenantId);
        return "console/autossl-account";
    }

    /** A domain of an account with its services and the names they stand for. */
    record DomainRow(String name, List<String> services, List<String> names) {
    }

    private String page(Caller caller, String tenantId, String q, int page, List<String> selected, List<String> problems, Model model) {
        AccountPage<AccountDetails> found = accounts.list(caller, tenantId, blankToNull(q), page, PAGE_SIZE);
        model.addAttribute("rows", found.items().stream().map(AccountRow::of).toList());
        model.addAttribute("page", found);
        model.addAttribute("lastPage", Math.max(0, (found.total() - 1) / PAGE_SIZE));
        model.addAttribute("q", blankToNull(q));
        model.addAttribute("selected", Set.copyOf(selected));
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canChange", caller.administers(tenantId));
        return "console/autossl-users";
    }

    private static String doneMessage(String done, String names) {
        String who = names == null ? "the selected accounts" : names;
        return switch (done) {
            case "enable" -> "AutoSSL is now enabled for " + who + " (their own setting, whatever the default).";
            case "disable" -> "AutoSSL is now disabled for " + who + " (their own setting, whatever the default).";
            case "reset" -> "AutoSSL for " + who + " follows the tenant's default again.";
            case "check" -> "A check of " + who + " has started.";
            default -> null;
        };
    }

    private static String summary(List<String> names) {
        List<String> distinct = names.stream().distinct().toList();
        String shown = String.join(", ", distinct.stream().limit(NAMES_IN_MESSAGE).toList());
        return distinct.size() > NAMES_IN_MESSAGE ? shown + " and " + (distinct.size() - NAMES_IN_MESSAGE) + " more" : shown;
    }
}
