package io.certflow.autossl;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.notification.NotificationLevel;

@Repository
public class AutoSslSettingsStore {

    private final NamedParameterJdbcTemplate jdbc;

    public AutoSslSettingsStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's settings, or the defaults when it never saved any. */
    public AutoSslSettings find(String tenantId) {
        return jdbc.query("select * from certflow.autossl_settings where tenant_id = :tenant", new MapSqlParameterSource("tenant", tenantId),
                AutoSslSettingsStore::map).stream().findFirst().orElse(AutoSslSettings.defaults(tenantId));
    }

    /** The tenants whose provider is not DISABLED: those the nightly run covers. */
    public java.util.List<String> tenantsWithProvider() {
        return jdbc.queryForList("select tenant_id from certflow.autossl_settings where provider_issuer_id is not null order by tenant_id",
                new MapSqlParameterSource(), String.class);
    }

    public void save(AutoSslSettings settings) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", settings.tenantId())
                .addValue("provider", settings.providerIssuerId())
                .addValue("defaultEnabled", settings.defaultEnabled())
                .addValue("replace", settings.replaceNonAutoSsl())
                .addValue("userLevel", settings.userLevel().name())
                .addValue("adminLevel", settings.adminLevel().name())
                .addValue("by", settings.updatedBy())
                .addValue("at", Timestamp.from(settings.updatedAt()));
        int updated = jdbc.update("""
                update certflow.autossl_settings set provider_issuer_id = :provider, default_enabled = :defaultEnabled,
                    replace_non_autossl = :replace, user_level = :userLevel, admin_level = :adminLevel, updated_by = :by, updated_at = :at
                where tenant_id = :tenant""", params);
        if (updated == 0) {
            jdbc.update("""
                    insert into certflow.autossl_settings (tenant_id, provider_issuer_id, default_enabled, replace_non_autossl, user_level,
                        admin_level, updated_by, updated_at)
                    values (:tenant, :provider, :defaultEnabled, :replace, :userLevel, :adminLevel, :by, :at)""", params);
        }
    }

    private static AutoSslSettings map(ResultSet rs, int row) throws SQLException {
        return new AutoSslSettings(rs.getString("tenant_id"), rs.getObject("provider_issuer_id", UUID.class), rs.getBoolean("default_enabled"),
                rs.getBoolean("replace_non_autossl"), NotificationLevel.valueOf(rs.getString("user_level")),
                NotificationLevel.valueOf(rs.getString("admin_level")), rs.getString("updated_by"),
                Optional.ofNullable(rs.getTimestamp("updated_at")).map(Timestamp::toInstant).orElse(null));
    }
}
