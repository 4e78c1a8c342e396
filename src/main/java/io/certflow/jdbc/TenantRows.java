package io.certflow.jdbc;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The rows of a table that a caller may list, by the one rule every list follows: {@code null} tenants mean every
 * tenant (the administrator's view, {@code Caller.visibleTenants()}), an empty collection means none.
 */
public final class TenantRows {

    private TenantRows() {
    }

    /** @param table and {@code orderBy} are the caller's constants, never input */
    public static <T> List<T> list(NamedParameterJdbcTemplate jdbc, String table, String orderBy, Collection<String> tenantIds,
                                   RowMapper<T> mapper) {
        if (tenantIds == null) {
            return jdbc.query("select * from " + table + " order by " + orderBy, mapper);
        }
        if (tenantIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select * from " + table + " where tenant_id in (:tenants) order by " + orderBy,
                new MapSqlParameterSource("tenants", tenantIds), mapper);
    }
}
