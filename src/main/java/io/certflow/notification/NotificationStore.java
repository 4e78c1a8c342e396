package io.certflow.notification;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Raised notifications. A final one (SENT, SKIPPED) is never changed again. */
@Repository
public class NotificationStore {

    private final NamedParameterJdbcTemplate jdbc;

    public NotificationStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a new notification.
     *
     * @throws org.springframework.dao.DuplicateKeyException when its tenant has one with the same dedup key already (the
     *         database says so, also across transactions and nodes)
     */
    public void insert(StoredNotification n) {
        jdbc.update("""
                insert into certflow.notification (id, tenant_id, kind, subject, body, dedup_key, state, reason, recipients,
                    created_at)
                values (:id, :tenantId, :kind, :subject, :body, :dedupKey, :state, :reason, :recipients, :createdAt)""",
                new MapSqlParameterSource()
                        .addValue("id", n.id())
                        .addValue("tenantId", n.tenantId())
                        .addValue("kind", n.kind().name())
                        .addValue("subject", n.subject())
                        .addValue("body", n.body())
                        .addValue("dedupKey", n.dedupKey())
                        .addValue("state", n.state().name())
                        .addValue("reason", n.reason())
                        .addValue("recipients", String.join(",", n.recipients()))
                        .addValue("createdAt", timestamp(n.createdAt())));
    }

    public Optional<StoredNotification> findById(UUID id) {
        return jdbc.query("select * from certflow.notification where id = :id", new MapSqlParameterSource("id", id),
                NotificationStore::map).stream().findFirst();
    }

    public Optional<StoredNotification> findByDedupKey(String tenantId, String dedupKey) {
        return jdbc.query("select * from certflow.notification where tenant_id = :tenant and dedup_key = :key",
                new MapSqlParameterSource("tenant", tenantId).addValue("key", dedupKey), NotificationStore::map).stream().findFirst();
    }

    /** A tenant's notifications, newest first. */
    public List<StoredNotification> listOf(String tenantId, int offset, int limit) {
        return jdbc.query("""
                select * from certflow.notification where tenant_id = :tenant
                order by created_at desc, id offset :offset rows fetch next :limit rows only""",
                new MapSqlParameterSource("tenant", tenantId).addValue("offset", offset).addValue("limit", limit),
                NotificationStore::map);
    }

    public long countOf(String tenantId) {
        Long count = jdbc.queryForObject("select count(*) from certflow.notification where tenant_id = :tenant",
                new MapSqlParameterSource("tenant", tenantId), Long.class);
        return count == null ? 0 : count;
    }

    public void recordProcessInstance(UUID id, String processInstanceId) {
        jdbc.update("update certflow.notification set process_instance_id = :pid where id = :id",
                new MapSqlParameterSource("id", id).addValue("pid", processInstanceId));
    }

    /**
     * Marks a pending notification SENT before it is mailed, in the transaction that mails it: the mail failing rolls this
     * back. The row stays locked until that transaction ends, so a second delivery of the same notification running at
     * the same time waits here and then finds it sent.
     *
     * @return false when it is not PENDING (mailed already, or skipped): then nothing is to be sent
     */
    public boolean claimForSending(UUID id, Instant now) {
        return jdbc.update("update certflow.notification set state = 'SENT', sent_at = :now where id = :id and state = 'PENDING'",
                new MapSqlParameterSource("id", id).addValue("now", timestamp(now))) == 1;
    }

    /** Ends a pending notification SKIPPED, with the reason. */
    public boolean skip(UUID id, String reason) {
        return jdbc.update("update certflow.notification set state = 'SKIPPED', reason = :reason where id = :id and state = 'PENDING'",
                new MapSqlParameterSource("id", id).addValue("reason", reason)) == 1;
    }

    private static StoredNotification map(ResultSet rs, int row) throws SQLException {
        String recipients = rs.getString("recipients");
        return new StoredNotification(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                NotificationKind.valueOf(rs.getString("kind")),
                rs.getString("subject"),
                rs.getString("body"),
                rs.getString("dedup_key"),
                NotificationState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split(",")),
                rs.getString("process_instance_id"),
                instant(rs, "created_at"),
                instant(rs, "sent_at"));
    }
}
