package io.certflow.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A raised notification as stored.
 *
 * @param recipients the addresses it is (or was) mailed to, taken from the tenant's settings when it was raised; empty when
 *                   {@link NotificationState#SKIPPED}
 * @param reason     why it was skipped; null otherwise
 * @param sentAt     when the SMTP server accepted it
 */
public record StoredNotification(UUID id, String tenantId, NotificationKind kind, String subject, String body, String dedupKey,
                                 NotificationState state, String reason, List<String> recipients, String processInstanceId,
                                 Instant createdAt, Instant sentAt) {

    public StoredNotification {
        recipients = List.copyOf(recipients);
    }
}
