package io.certflow.autossl;

import java.time.Instant;
import java.util.UUID;

import io.certflow.notification.NotificationLevel;

/**
 * A tenant's AutoSSL settings; {@link #defaults(String)} for a tenant that never saved any.
 *
 * @param providerIssuerId  the issuer AutoSSL orders from, or null: the provider is DISABLED
 * @param defaultEnabled    whether AutoSSL covers an account that has no override (the feature list)
 * @param replaceNonAutoSsl whether AutoSSL replaces an account's certificates it did not issue when
 *                          they are invalid or expire within three days
 * @param userLevel         what the accounts' contacts are mailed, unless an account chose its own
 * @param adminLevel        what the tenant's contacts are mailed about AutoSSL
 */
public record AutoSslSettings(String tenantId, UUID providerIssuerId, boolean defaultEnabled, boolean replaceNonAutoSsl,
                             NotificationLevel userLevel, NotificationLevel adminLevel, String updatedBy, Instant updatedAt) {

    public static AutoSslSettings defaults(String tenantId) {
        return new AutoSslSettings(tenantId, null, true, false, NotificationLevel.DEFAULT, NotificationLevel.DEFAULT, null, null);
    }

    public boolean providerDisabled() {
        return providerIssuerId == null;
    }
}
