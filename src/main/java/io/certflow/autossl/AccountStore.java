package io.certflow.autossl;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import io.certflow.jdbc.Like;
import io.certflow.notification.NotificationLevel;

/** Hosting accounts, their domains (in the account's order) and their deployment targets. */
@Repository
public class AccountStore {

    private final NamedParameterJdbcTemplate jdbc;

    public AccountStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Which accounts a list shows.
     *
     * @param tenantIds the tenants to list, {@code null}: every tenant (the administrator's view)
     * @param query     part of an account's name or of one of its domains, any case; null or empty: every account
     */
    public record Filter(Collection<String> tenantIds, String query) {
    }

    public void insert(Account account) {
        jdbc.update("""
                insert into certflow.hosting_account (id, tenant_id, name, contact_email, autossl_override, notification_level,
                    created_at, updated_at)
                values (:id, :tenant, :name, :email, :override, :level, :createdAt, :updatedAt)""", params(account));
    }

    /** Changes the contact, the override and the level; the name, the tenant and the creation time stay. */
    public void update(Account account) {
        jdbc.update("""
                update certflow.hosting_account set contact_email = :email, autossl_override = :override, notification_level = :level,
                    updated_at = :updatedAt
                where id = :id""", params(account));
    }

    /** Replaces the account's domains by {@code domains}, kept in their order. */
    public void replaceDomains(Account account, List<AccountDomain> domains) {
        jdbc.update("delete from certflow.account_domain where account_id = :id", new MapSqlParameterSource("id", account.id()));
        SqlParameterSource[] rows = new SqlParameterSource[domains.size()];
        for (int i = 0; i < domains.size(); i++) {
            AccountDomain domain = domains.get(i);
            rows[i] = new MapSqlParameterSource("id", UUID.randomUUID()).addValue("account", account.id())
                    .addValue("tenant", account.tenantId()).addValue("name", domain.name()).addValue("root", domain.documentRoot())
                    .addValue("services", domain.services().stream().map(Service::name).collect(Collectors.joining(",")))
                    .addValue("position", i);
        }
        jdbc.batchUpdate("""
                insert into certflow.account_domain (id, account_id, tenant_id, name, document_root, services, position)
                values (:id, :account, :tenant, :name, :root, :services, :position)""", rows);
    }

    public void replaceTargets(UUID accountId, Collection<UUID> targetIds) {
        jdbc.update("delete from certflow.account_target where account_id = :id", new MapSqlParameterSource("id", accountId));
        jdbc.batchUpdate("insert into certflow.account_target (account_id, target_id) values (:account, :target)",
                targetIds.stream().map(target -> new MapSqlParameterSource("account", accountId).addValue("target", target))
                        .toArray(SqlParameterSource[]::new));
    }

    /**
     * Removes the account with its domains and targets. Its AutoSSL certificates stay in the inventory, no longer
     * auto-managed: nobody asks for their names any more, and the foreign key forgets the account.
     *
     * @return how many certificates were released
     */
    public int delete(UUID accountId) {
        MapSqlParameterSource id = new MapSqlParameterSource("id", accountId);
        int released = jdbc.update("update certflow.certificate set auto_managed = false where autossl_account_id = :id", id);
        jdbc.update("delete from certflow.hosting_account where id = :id", id);
        return released;
    }

    /** Sets (or with null clears) the override of the named accounts of a tenant; returns how many it changed. */
    public int setOverride(String tenantId, Collection<String> names, AutoSslOverride override, Instant at) {
        return jdbc.update("""
                update certflow.hosting_account set autossl_override = :override, updated_at = :at
                where tenant_id = :tenant and name in (:names)""",
                new MapSqlParameterSource("tenant", tenantId).addValue("names", names)
                        .addValue("override", override == null ? null : override.name()).addValue("at", timestamp(at)));
    }

    public Optional<Account> findById(UUID id) {
        return jdbc.query("select * from certflow.hosting_account where id = :id", new MapSqlParameterSource("id", id),
                AccountStore::map).stream().findFirst();
    }

    public Optional<Account> findByName(String tenantId, String name) {
        return jdbc.query("select * from certflow.hosting_account where tenant_id = :tenant and name = :name",
                new MapSqlParameterSource("tenant", tenantId).addValue("name", name), AccountStore::map).stream().findFirst();
    }

    /** The named accounts of a tenant that exist, by name. */
    public List<Account> findByNames(String tenantId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select * from certflow.hosting_account where tenant_id = :tenant and name in (:names) order by name",
                new MapSqlParameterSource("tenant", tenantId).addValue("names", names), AccountStore::map);
    }

    /** One page of accounts, ordered by name (then tenant). */
    public List<Account> list(Filter filter, long offset, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource("offset", offset).addValue("limit", limit);
        String where = where(filter, params);
        if (where == null) {
            return List.of();
        }
        return jdbc.query("select a.* from certflow.hosting_account a" + where + " order by a.name, a.tenant_id limit :limit offset :offset",
                params, AccountStore::map);
    }

    public long count(Filter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(filter, params);
        if (where == null) {
            return 0;
        }
        Long count = jdbc.queryForObject("select count(*) from certflow.hosting_account a" + where, params, Long.class);
        return count == null ? 0 : count;
    }

    /** @return the where clause for {@code filter}, or null when it matches nothing (a caller of no tenant) */
    private static String where(Filter filter, MapSqlParameterSource params) {
        List<String> conditions = new ArrayList<>();
        if (filter.tenantIds() != null) {
            if (filter.tenantIds().isEmpty()) {
                return null;
            }
            conditions.add("a.tenant_id in (:tenants)");
            params.addValue("tenants", filter.tenantIds());
        }
        if (filter.query() != null && !filter.query().isEmpty()) {
            // Domain names are stored in lower case; account names keep the case they were given.
            conditions.add("(lower(a.name) like :query" + Like.ESCAPE + " or exists (select 1 from certflow.account_domain d"
                    + " where d.account_id = a.id and d.name like :query" + Like.ESCAPE + "))");
            params.addValue("query", Like.containingLowerCase(filter.query()));
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /**
     * At most {@code size} accounts of the tenant whose names sort after {@code afterName} (null: from the first),
     * ordered by name: a run pages through all accounts with the last name of each page, whatever is added or removed
     * meanwhile.
     */
    public List<Account> pageAfter(String tenantId, String afterName, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenantId).addValue("size", size);
        if (afterName == null) {
            return jdbc.query("select * from certflow.hosting_account where tenant_id = :tenant order by name limit :size", params,
                    AccountStore::map);
        }
        return jdbc.query("""
                select * from certflow.hosting_account where tenant_id = :tenant and name > :after order by name limit :size""",
                params.addValue("after", afterName), AccountStore::map);
    }

    public List<AccountDomain> domains(UUID accountId) {
        return domainsOf(List.of(accountId)).getOrDefault(accountId, List.of());
    }

    /** The domains of each of the accounts, in each account's order; an account without domains is not in the map. */
    public Map<UUID, List<AccountDomain>> domainsOf(Collection<UUID> accountIds) {
        Map<UUID, List<AccountDomain>> domains = new LinkedHashMap<>();
        if (accountIds.isEmpty()) {
            return domains;
        }
        jdbc.query("select * from certflow.account_domain where account_id in (:ids) order by account_id, position",
                new MapSqlParameterSource("ids", accountIds), rs -> {
                    domains.computeIfAbsent(rs.getObject("account_id", UUID.class), id -> new ArrayList<>()).add(domain(rs));
                });
        return domains;
    }

    public List<UUID> targets(UUID accountId) {
        return targetsOf(List.of(accountId)).getOrDefault(accountId, List.of());
    }

    /** The deployment targets of each of the accounts; an account without targets is not in the map. */
    public Map<UUID, List<UUID>> targetsOf(Collection<UUID> accountIds) {
        Map<UUID, List<UUID>> targets = new HashMap<>();
        if (accountIds.isEmpty()) {
            return targets;
        }
        jdbc.query("select * from certflow.account_target where account_id in (:ids) order by account_id, target_id",
                new MapSqlParameterSource("ids", accountIds), rs -> {
                    targets.computeIfAbsent(rs.getObject("account_id", UUID.class), id -> new ArrayList<>())
                            .add(rs.getObject("target_id", UUID.class));
                });
        return targets;
    }

    /** Which of these domain names an account of the tenant has, domain name to account name. */
    public Map<String, String> owners(String tenantId, Collection<String> domainNames) {
        Map<String, String> owners = new HashMap<>();
        if (domainNames.isEmpty()) {
            return owners;
        }
        jdbc.query("""
                select d.name as domain_name, a.name as account_name from certflow.account_domain d
                    join certflow.hosting_account a on a.id = d.account_id
                where d.tenant_id = :tenant and d.name in (:names)""",
                new MapSqlParameterSource("tenant", tenantId).addValue("names", domainNames),
                rs -> {
                    owners.put(rs.getString("domain_name"), rs.getString("account_name"));
                });
        return owners;
    }

    private static MapSqlParameterSource params(Account account) {
        return new MapSqlParameterSource("id", account.id()).addValue("tenant", account.tenantId()).addValue("name", account.name())
                .addValue("email", account.contactEmail())
                .addValue("override", account.override() == null ? null : account.override().name())
                .addValue("level", account.notificationLevel() == null ? null : account.notificationLevel().name())
                .addValue("createdAt", timestamp(account.createdAt())).addValue("updatedAt", timestamp(account.updatedAt()));
    }

    private static Account map(ResultSet rs, int row) throws SQLException {
        String override = rs.getString("autossl_override");
        String level = rs.getString("notification_level");
        return new Account(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("name"), rs.getString("contact_email"),
                override == null ? null : AutoSslOverride.valueOf(override), level == null ? null : NotificationLevel.valueOf(level),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static AccountDomain domain(ResultSet rs) throws SQLException {
        List<Service> services = Arrays.stream(rs.getString("services").split(",")).map(Service::valueOf).toList();
        return new AccountDomain(rs.getString("name"), rs.getString("document_root"), services);
    }
}
