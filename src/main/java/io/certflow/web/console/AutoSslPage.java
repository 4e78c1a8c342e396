package io.certflow.web.console;

import java.util.List;

import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

import io.certflow.security.Caller;

/**
 * What every tab of the console's AutoSSL section has, as the hosting panel's Manage AutoSSL page does: the tab bar, one
 * address per tab, and the tenant it shows ({@code ?tenant=} for a user of several, as on the Renewal page).
 */
abstract class AutoSslPage extends ConsolePage {

    /** One tab: its id (for the tab bar's element ids and tests), its title and its address. */
    record Tab(String id, String title, String path) {
    }

    static final List<Tab> TABS = List.of(
            new Tab("providers", "Providers", "/autossl/providers"),
            new Tab("options", "Options", "/autossl/options"),
            new Tab("logs", "Logs", "/autossl/logs"),
            new Tab("users", "Manage Users", "/autossl/users"),
            new Tab("pending-queue", "Pending Queue", "/autossl/pending-queue"));

    /** Puts the tab bar and the tenant into the model, and answers the tenant (a tenant the caller does not see is a 404). */
    static String tabs(Caller caller, String requested, String current, Model model) {
        String tenantId = tenantOf(caller, requested);
        model.addAttribute("tenant", tenantId);
        model.addAttribute("tenants", caller.tenantIds());
        model.addAttribute("tabs", TABS);
        model.addAttribute("currentTab", TABS.stream().filter(tab -> tab.id().equals(current)).findFirst().orElseThrow());
        return tenantId;
    }

    /** A link to {@code path} for the tenant, with the given query parameters (name, value, name, value...; nulls left out). */
    static UriComponentsBuilder link(String path, String tenantId, Object... params) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path).queryParam("tenant", tenantId);
        for (int i = 0; i + 1 < params.length; i += 2) {
            Object value = params[i + 1];
            if (value != null && !value.toString().isEmpty()) {
                link.queryParam((String) params[i], value);
            }
        }
        return link;
    }

    static String redirect(String path, String tenantId, Object... params) {
        return "redirect:" + link(path, tenantId, params).encode().build().toUriString();
    }
}
