package io.certflow.autossl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.DomainNames;
import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetService;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.Caller;

/**
 * The hosting accounts of a tenant and their domains: its administrators create, change and delete them, every member
 * reads them. A request with anything wrong is refused whole, and nothing of it is stored.
 */
@org.springframework.stereotype.Service
@Transactional
public class AccountService {

    private final AccountStore store;
    private final AutoSslSettingsStore settings;
    private final ServiceNames serviceNames;
    private final DeploymentTargetService targets;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public AccountService(AccountStore store, AutoSslSettingsStore settings, ServiceNames serviceNames, DeploymentTargetService targets,
                          ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.serviceNames = serviceNames;
        this.targets = targets;
        this.events = events;
        this.clock = clock;
    }

    /** A domain as the API sends it; {@code services} null means [WEB]. */
    public record DomainInput(String name, String documentRoot, List<String> services) {
    }

    /** What the API sends to create an account; {@code tenant} null: the caller's only tenant. */
    public record NewAccount(String tenant, String name, String contactEmail, List<DomainInput> domains, List<UUID> deploymentTargets,
                             String notificationLevel) {
    }

    /**
     * What the API sends to change an account: a null field stays as it is, {@code domains} and
     * {@code deploymentTargets} replace the lists. {@code notificationLevel} counts only when {@code notificationLevelGiven}:
     * then null follows the tenant's user level again.
     */
    public record AccountChange(String contactEmail, List<DomainInput> domains, List<UUID> deploymentTargets,
                                boolean notificationLevelGiven, String notificationLevel) {
    }

    /** Creates the account and asks for its first AutoSSL run ({@link AccountCreated}, within this transaction). */
    public AccountDetails create(Caller caller, NewAccount given) {
        String tenantId = caller.tenantForNewRow(given.tenant());
        caller.requireAdministratorOf(tenantId, "create hosting accounts");
        AutoSslSettings tenantSettings = settings.find(tenantId);
        List<String> problems = new ArrayList<>();
        AccountChecks.name(given.name(), problems);
        String email = AccountChecks.contactEmail(given.contactEmail(), problems);
        List<AccountDomain> domains = AccountChecks.domains(given.domains(), serviceNames, problems);
        List<UUID> targetIds = targetIds(caller, tenantId, given.deploymentTargets(), problems);
        NotificationLevel level = level(tenantSettings, given.notificationLevel(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (store.findByName(tenantId, given.name()).isPresent()) {
            throw new ConflictException("A hosting account named '" + given.name() + "' exists already in tenant '" + tenantId
                    + "'; change it with PATCH /api/accounts/{id}");
        }
        refuseDomainsOfOthers(tenantId, given.name(), domains);
        Instant now = now();
        Account account = new Account(UUID.randomUUID(), tenantId, given.name(), email, null, level, now, now);
        store.insert(account);
        store.replaceDomains(account, domains);
        store.replaceTargets(account.id(), targetIds);
        events.publishEvent(new AccountCreated(tenantId, account.id(), account.name(), caller.userId()));
        return details(account, domains, targetIds, tenantSettings);
    }

    @Transactional(readOnly = true)
    public AccountDetails get(Caller caller, UUID id) {
        Account account = visible(caller, id);
        return details(account, store.domains(id), store.targets(id), settings.find(account.tenantId()));
    }

    /** Accounts by name; {@code query} finds part of an account's name or of one of its domains, in any case. */
    @Transactional(readOnly = true)
    public AccountPage<AccountDetails> list(Caller caller, String tenant, String query, int page, int size) {
        AccountStore.Filter filter = AccountPaging.filter(caller, tenant, query, page, size);
        List<Account> accounts = store.list(filter, (long) page * size, size);
        List<UUID> ids = accounts.stream().map(Account::id).toList();
        Map<UUID, List<AccountDomain>> domains = store.domainsOf(ids);
        Map<UUID, List<UUID>> targetIds = store.targetsOf(ids);
        Map<String, AutoSslSettings> tenantSettings = new HashMap<>();
        List<AccountDetails> items = accounts.stream().map(account -> details(account, domains.getOrDefault(account.id(), List.of()),
                targetIds.getOrDefault(account.id(), List.of()), tenantSettings.computeIfAbsent(account.tenantId(), settings::find)))
                .toList();
        return new AccountPage<>(items, page, size, store.count(filter));
    }

    public AccountDetails change(Caller caller, UUID id, AccountChange change) {
        Account current = visible(caller, id);
        caller.requireAdministratorOf(current.tenantId(), "change hosting accounts");
        if (change.contactEmail() == null && change.domains() == null && change.deploymentTargets() == null
                && !change.notificationLevelGiven()) {
            throw new InvalidRequestException("name at least one of contactEmail, domains, deploymentTargets and notificationLevel to change");
        }
        AutoSslSettings tenantSettings = settings.find(current.tenantId());
        List<String> problems = new ArrayList<>();
        String email = change.contactEmail() == null ? current.contactEmail() : AccountChecks.contactEmail(change.contactEmail(), problems);
        List<AccountDomain> domains = change.domains() == null ? null : AccountChecks.domains(change.domains(), serviceNames, problems);
        List<UUID> targetIds = change.deploymentTargets() == null ? null
                : targetIds(caller, current.tenantId(), change.deploymentTargets(), problems);
        NotificationLevel level = change.notificationLevelGiven() ? level(tenantSettings, change.notificationLevel(), problems)
                : current.notificationLevel();
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (domains != null) {
            refuseDomainsOfOthers(current.tenantId(), current.name(), domains);
        }
        Account changed = new Account(current.id(), current.tenantId(), current.name(), email, current.override(), level,
                current.createdAt(), now());
        store.update(changed);
        if (domains != null) {
            store.replaceDomains(changed, domains);
        }
        if (targetIds != null) {
            store.replaceTargets(id, targetIds);
        }
        return details(changed, domains != null ? domains : store.domains(id), targetIds != null ? targetIds : store.targets(id),
                tenantSettings);
    }

    /** Deletes the account; its AutoSSL certificates stay in the inventory, no longer auto-managed. */
    public void delete(Caller caller, UUID id) {
        Account account = visible(caller, id);
        caller.requireAdministratorOf(account.tenantId(), "delete hosting accounts");
        store.delete(account.id());
    }

    /** The names AutoSSL covers for one domain, as the account's answer shows them per domain. */
    public List<String> namesToCover(AccountDomain domain) {
        return serviceNames.namesToCover(domain);
    }

    /** In the precision PostgreSQL keeps, so that an answer shows the times a later read shows. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Account visible(Caller caller, UUID id) {
        return caller.requireVisible(store.findById(id), Account::tenantId, "Hosting account", id);
    }

    private AccountDetails details(Account account, List<AccountDomain> domains, List<UUID> targetIds, AutoSslSettings tenantSettings) {
        return new AccountDetails(account, domains, targetIds, AutoSslEligibility.effective(account, tenantSettings),
                account.userLevel(tenantSettings), serviceNames.namesToCover(domains));
    }

    /** Each target once, each one of the tenant's; another tenant's is as unknown as one that does not exist. */
    private List<UUID> targetIds(Caller caller, String tenantId, List<UUID> given, List<String> problems) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > AccountChecks.MAX_TARGETS) {
            problems.add("deploymentTargets: at most " + AccountChecks.MAX_TARGETS + " targets per account, not " + given.size());
            return List.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            UUID id = given.get(i);
            if (id == null) {
                problems.add("deploymentTargets[" + i + "]: the id of a deployment target, not null");
            } else if (!isTargetOf(caller, tenantId, id)) {
                problems.add("deploymentTargets[" + i + "]: tenant '" + tenantId + "' has no deployment target " + id);
            } else {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    private boolean isTargetOf(Caller caller, String tenantId, UUID id) {
        try {
            DeploymentTarget target = targets.get(caller, id);
            return target.tenantId().equals(tenantId);
        } catch (NotFoundException unknown) {
            return false;
        }
    }

    private static NotificationLevel level(AutoSslSettings tenantSettings, String given, List<String> problems) {
        NotificationLevel level = AccountChecks.notificationLevel(given, problems);
        if (level != null && tenantSettings.userLevel() == NotificationLevel.DISABLED) {
            problems.add("notificationLevel: the administrator disabled user notifications, so an account cannot choose a level of"
                    + " its own; leave it null to follow the tenant");
            return null;
        }
        return level;
    }

    /** A domain belongs to one account of a tenant: a clash names the domains and who has them. */
    private void refuseDomainsOfOthers(String tenantId, String accountName, List<AccountDomain> domains) {
        Map<String, String> owners = store.owners(tenantId, domains.stream().map(AccountDomain::name).toList());
        List<String> taken = domains.stream().map(AccountDomain::name).filter(name -> owners.containsKey(name)
                && !owners.get(name).equals(accountName)).map(name -> DomainNames.quote(name) + " (account '" + owners.get(name) + "')")
                .toList();
        if (!taken.isEmpty()) {
            throw new ConflictException("Another hosting account of tenant '" + tenantId + "' has " + (taken.size() == 1 ? "the domain "
                    : "the domains ") + String.join(", ", taken) + "; a domain belongs to one account, remove it there first");
        }
    }
}
