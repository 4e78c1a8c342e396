package io.certflow.autossl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.autossl.AccountService.DomainInput;
import io.certflow.autossl.AccountService.NewAccount;
import io.certflow.crypto.KeyProtection;
import io.certflow.deployment.DeploymentSettings;
import io.certflow.deployment.DeploymentStore;
import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetKind;
import io.certflow.deployment.DeploymentTargetService;
import io.certflow.deployment.DeploymentTargetStore;
import io.certflow.deployment.PemFiles;
import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** The accounts' services on a migrated H2 database, the events they publish, and callers of two tenants. */
final class AccountFixture {

    static final Instant NOW = Instant.parse("2031-05-04T10:00:00Z");

    final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
    final MutableClock clock = new MutableClock(NOW);
    final AccountStore store = new AccountStore(jdbc);
    final AutoSslSettingsStore settings = new AutoSslSettingsStore(jdbc);
    final ServiceNames serviceNames = new ServiceNames(new ServiceNameSettings(defaultPrefixes()));
    final DeploymentTargetStore targetStore = new DeploymentTargetStore(jdbc);
    final List<Object> events = new ArrayList<>();
    final AccountService accounts;
    final AccountOverrides overrides;

    final Caller administrator = new Caller("ann", false, List.of("hosting"), Set.of("hosting"), tenant -> true);
    final Caller member = new Caller("max", false, List.of("hosting"));
    final Caller otherAdministrator = new Caller("olga", false, List.of("other"), Set.of("other"), tenant -> true);

    AccountFixture() {
        DeploymentTargetService targets = new DeploymentTargetService(targetStore, new DeploymentStore(jdbc),
                new DeploymentSettings(List.of(), Map.of(), null), new KeyProtection(new byte[32]), clock);
        accounts = new AccountService(store, settings, serviceNames, targets, events::add, clock);
        overrides = new AccountOverrides(store, settings, clock);
    }

    static Map<Service, List<String>> defaultPrefixes() {
        Map<Service, List<String>> prefixes = new EnumMap<>(Service.class);
        prefixes.put(Service.WEB, List.of("", "www."));
        prefixes.put(Service.MAIL, List.of("mail."));
        prefixes.put(Service.WEBDISK, List.of("webdisk."));
        prefixes.put(Service.PANEL, List.of("cpanel.", "webmail.", "cpcalendars.", "cpcontacts."));
        return prefixes;
    }

    UUID target(String tenant, String name) {
        UUID id = UUID.randomUUID();
        targetStore.insert(new DeploymentTarget(id, tenant, name, DeploymentTargetKind.PEM_FILES,
                new PemFiles(null, null, "/srv/certs/" + name + "/fullchain.pem", "/srv/certs/" + name + "/privkey.pem", "0644", "0600",
                        null, null), null, null, null, NOW, NOW));
        return id;
    }

    static NewAccount account(String name, String... domains) {
        return new NewAccount(null, name, name + "@example.net",
                java.util.Arrays.stream(domains).map(domain -> new DomainInput(domain, null, null)).toList(), null, null);
    }

    AccountDetails create(String name, String... domains) {
        return accounts.create(administrator, account(name, domains));
    }

    long rows(String table) {
        Long count = jdbc.queryForObject("select count(*) from certflow." + table, new MapSqlParameterSource(), Long.class);
        return count == null ? 0 : count;
    }
}
