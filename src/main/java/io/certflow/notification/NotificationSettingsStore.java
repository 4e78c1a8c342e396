package io.certflow.notification;

import static io.certflow.jdbc.Columns.timestamp;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Each tenant's notification settings; a tenant without a row has {@link NotificationSettings#DEFAULT}. */
@Repository
public class NotificationSettingsStore {

    private final NamedParameterJdbcTemplate jdbc;

    public NotificationSettingsStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<NotificationSettings> find(String tenantId) {
        return jdbc.query("select contacts, level from certflow.notification_settings where tenant_id = :tenant",
                new MapSqlParameterSource("tenant", tenantId), (rs, row) -> {
                    String contacts = rs.getString("contacts");
                    return new NotificationSettings(contacts.isEmpty() ? List.of() : Arrays.asList(contacts.split(",")),
                            NotificationLevel.valueOf(rs.getString("level")));
                }).stream().findFirst();
    }

    /** Replaces the tenant's settings (the first save writes its row). */
    public void save(String tenantId, NotificationSettings settings, String userId, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenantId)
                .addValue("contacts", String.join(",", settings.contacts()))
                .addValue("level", settings.level().name())
                .addValue("user", userId)
                .addValue("now", timestamp(now));
        int updated = jdbc.update("""
                update certflow.notification_settings set contacts = :contacts, level = :level, updated_by = :user,
                    updated_at = :now where tenant_id = :tenant""", params);
        if (updated == 0) {
            jdbc.update("""
                    insert into certflow.notification_settings (tenant_id, contacts, level, updated_by, updated_at)
                    values (:tenant, :contacts, :level, :user, :now)""", params);
        }
    }
}
