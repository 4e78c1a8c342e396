package io.certflow.autossl;

import java.time.Instant;
import java.util.UUID;

import io.certflow.notification.NotificationLevel;

/**
 * A hosting account (a panel's "user") of a tenant; its domains are {@link AccountDomain}s.
 *
 * @param override          the account's own AutoSSL setting, or null: the tenant's default (see {@link AutoSslEligibility})
 * @param notificationLevel what the contact is mailed about AutoSSL, or null: the tenant's user level
 */
public record Account(UUID id, String tenantId, String name, String contactEmail, AutoSslOverride override,
                      NotificationLevel notificationLevel, Instant createdAt, Instant updatedAt) {

    /**
     * What the account's contact is mailed: nothing when the tenant's administrators disabled user notifications
     * (whatever the account chose before that), else the account's own level, else the tenant's.
     */
    public NotificationLevel userLevel(AutoSslSettings settings) {
        if (settings.userLevel() == NotificationLevel.DISABLED || notificationLevel == null) {
            return settings.userLevel();
        }
        return notificationLevel;
    }
}
