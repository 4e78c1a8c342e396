package io.certflow.web.console;

import java.util.List;
import java.util.UUID;

import io.certflow.autossl.AccountDetails;
import io.certflow.autossl.AccountDomain;
import io.certflow.autossl.AutoSslEligibility.Source;

/**
 * One hosting account in Manage Users: its domains, and its effective AutoSSL setting with where that comes from.
 *
 * @param setting ENABLED or DISABLED, as AutoSSL treats the account
 * @param source  in words: the account's own override, or the tenant's default
 */
public record AccountRow(UUID id, String name, List<String> domains, boolean enabled, String setting, String source) {

    static AccountRow of(AccountDetails details) {
        boolean enabled = details.autoSsl().enabled();
        String source = details.autoSsl().source() == Source.OVERRIDE ? "override (" + details.account().override().name() + ")"
                : "tenant default";
        return new AccountRow(details.account().id(), details.account().name(), details.domains().stream().map(AccountDomain::name).toList(),
                enabled, enabled ? "ENABLED" : "DISABLED", source);
    }
}
