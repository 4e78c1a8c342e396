package io.certflow.autossl.run;

import java.util.List;
import java.util.TreeSet;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.autossl.run.AutoSslStatusService.AutoSslStatus;
import io.certflow.security.Caller;

/**
 * AutoSSL's status ({@link AutoSslStatusService}) for each of the caller's tenants that uses it: a
 * provider chosen, or a run on record. The global administrator's tenants are those that chose a provider.
 */
@Service
@Transactional(readOnly = true)
public class AutoSslStatuses {

    private final AutoSslStatusService status;
    private final NamedParameterJdbcTemplate jdbc;

    public AutoSslStatuses(AutoSslStatusService status, NamedParameterJdbcTemplate jdbc) {
        this.status = status;
        this.jdbc = jdbc;
    }

    public List<AutoSslStatus> of(Caller caller) {
        List<String> tenants = caller.visibleTenants();
        if (tenants == null) {
            tenants = jdbc.queryForList("select tenant_id from certflow.autossl_settings where provider_issuer_id is not null",
                    new MapSqlParameterSource(), String.class);
        }
        return new TreeSet<>(tenants).stream().map(tenant -> status.status(caller, tenant))
                .filter(found -> !"DISABLED".equals(found.provider()) || found.lastRun() != null).toList();
    }
}
