package io.certflow.autossl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.DomainNames;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * Per-account AutoSSL overrides, as a panel's "Manage Users" sets them: on or off for some accounts whatever the tenant's
 * default, or back to the default. Tenant administrators set them; members read every account's effective setting.
 */
@org.springframework.stereotype.Service
@Transactional
public class AccountOverrides {

    public static final int MAX_ACCOUNTS = 1000;
    private static final int MAX_NAMED_IN_ANSWER = 20;

    /** ENABLE and DISABLE set the override, RESET removes it (back to the tenant's default). */
    public enum Action {
        ENABLE, DISABLE, RESET;

        AutoSslOverride override() {
            return this == RESET ? null : AutoSslOverride.valueOf(name());
        }
    }

    private final AccountStore store;
    private final AutoSslSettingsStore settings;
    private final Clock clock;

    public AccountOverrides(AccountStore store, AutoSslSettingsStore settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Applies {@code action} to the named accounts of the tenant, all or none: an unknown name refuses the call.
     *
     * @return each account's effective setting afterwards, in the order named
     */
    public List<AccountSetting> apply(Caller caller, String tenant, List<String> accountNames, String action) {
        String tenantId = caller.tenantForNewRow(tenant);
        caller.requireAdministratorOf(tenantId, "override AutoSSL for hosting accounts");
        List<String> problems = new ArrayList<>();
        Action parsed = Arrays.stream(Action.values()).filter(known -> known.name().equals(action)).findFirst().orElse(null);
        if (parsed == null) {
            problems.add("action: " + (action == null ? "required" : DomainNames.quote(action) + " is not an action") + "; one of ENABLE,"
                    + " DISABLE or RESET (back to the tenant's default)");
        }
        Set<String> names = names(accountNames, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Map<String, Account> found = store.findByNames(tenantId, names).stream().collect(Collectors.toMap(Account::name, Function.identity()));
        List<String> unknown = names.stream().filter(name -> !found.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("accounts: tenant '" + tenantId + "' has no hosting account named " + quoted(unknown)
                    + "; nothing was changed");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        store.setOverride(tenantId, names, parsed.override(), now);
        AutoSslSettings tenantSettings = settings.find(tenantId);
        return names.stream().map(name -> {
            Account before = found.get(name);
            Account after = new Account(before.id(), before.tenantId(), before.name(), before.contactEmail(), parsed.override(),
                    before.notificationLevel(), before.createdAt(), now);
            return new AccountSetting(after, AutoSslEligibility.effective(after, tenantSettings));
        }).toList();
    }

    /** Every account's effective setting, by name; {@code query} as for the accounts list. */
    @Transactional(readOnly = true)
    public AccountPage<AccountSetting> list(Caller caller, String tenant, String query, int page, int size) {
        AccountStore.Filter filter = AccountPaging.filter(caller, tenant, query, page, size);
        Map<String, AutoSslSettings> tenantSettings = new HashMap<>();
        List<AccountSetting> items = store.list(filter, (long) page * size, size).stream()
                .map(account -> new AccountSetting(account, AutoSslEligibility.effective(account,
                        tenantSettings.computeIfAbsent(account.tenantId(), settings::find))))
                .toList();
        return new AccountPage<>(items, page, size, store.count(filter));
    }

    private static Set<String> names(List<String> given, List<String> problems) {
        if (given == null || given.isEmpty()) {
            problems.add("accounts: at least one account name");
            return Set.of();
        }
        if (given.size() > MAX_ACCOUNTS) {
            problems.add("accounts: at most " + MAX_ACCOUNTS + " names per call, not " + given.size() + "; send the rest in another call");
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String name = given.get(i);
            if (name == null || name.isEmpty() || name.length() > 100) {
                problems.add("accounts[" + i + "]: the name of a hosting account, 1 to 100 characters");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String quoted(List<String> names) {
        String shown = names.stream().limit(MAX_NAMED_IN_ANSWER).map(DomainNames::quote).collect(Collectors.joining(", "));
        return names.size() > MAX_NAMED_IN_ANSWER ? shown + " and " + (names.size() - MAX_NAMED_IN_ANSWER) + " more" : shown;
    }
}
