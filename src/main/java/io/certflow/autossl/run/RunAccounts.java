package io.certflow.autossl.run;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.autossl.Account;
import io.certflow.autossl.AccountStore;
import io.certflow.autossl.AutoSslEligibility;
import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.ServiceNames;

/** The hosting accounts as a run reads them: a page at a time, each with the names its domains' services want covered. */
@Component
public class RunAccounts {

    /** One account of the run. */
    public record AccountToCheck(Account account) {

        public UUID id() {
            return account.id();
        }

        public String name() {
            return account.name();
        }
    }

    /** A domain of the account and the names its services want covered, in a stable order. */
    public record DomainNames(String domain, List<String> names) {
    }

    private final AccountStore accounts;
    private final ServiceNames serviceNames;

    public RunAccounts(AccountStore accounts, ServiceNames serviceNames) {
        this.accounts = accounts;
        this.serviceNames = serviceNames;
    }

    public List<AccountToCheck> pageAfter(String tenantId, String afterName, int size) {
        return accounts.pageAfter(tenantId, afterName, size).stream().map(AccountToCheck::new).toList();
    }

    public Optional<AccountToCheck> byName(String tenantId, String name) {
        return accounts.findByName(tenantId, name).map(AccountToCheck::new);
    }

    public Optional<AccountToCheck> byId(UUID id) {
        return accounts.findById(id).map(AccountToCheck::new);
    }

    public boolean enabled(AccountToCheck account, AutoSslSettings settings) {
        return AutoSslEligibility.enabled(account.account(), settings);
    }

    /** Where the account's setting comes from, in words for the run's log. */
    public String enabledSource(AccountToCheck account, AutoSslSettings settings) {
        return AutoSslEligibility.effective(account.account(), settings).source() == AutoSslEligibility.Source.OVERRIDE
                ? "its override" : "the tenant's default";
    }

    public List<DomainNames> namesOf(UUID accountId) {
        return accounts.domains(accountId).stream().map(domain -> new DomainNames(domain.name(), serviceNames.namesToCover(domain))).toList();
    }

    public List<UUID> targetsOf(UUID accountId) {
        return accounts.targets(accountId);
    }
}
