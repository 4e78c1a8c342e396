package io.certflow.notification;

import java.util.List;
import java.util.Objects;

/**
 * Who hears of an event raised through {@link NotificationService#raise(Notification, Audience)}: the addresses it is
 * mailed to and the level that decides which kinds they get. The tenant's own audience ({@link #tenant}) is its
 * notification settings; a feature with people of its own (AutoSSL's users, the accounts' contacts) names them here.
 *
 * @param contacts   the addresses, in their canonical form ({@link io.certflow.crypto.EmailAddresses#canonical}); may be
 *                   empty (then nothing is mailed and the notification is SKIPPED with {@code noContacts})
 * @param level      which kinds they are mailed
 * @param levelOf    the level's owner as a skipped notification's reason names it, completed by " X does not mail K
 *                   notifications": "the tenant's notification level", "account shop1's notification level"
 * @param noContacts the whole reason a notification is SKIPPED when {@code contacts} is empty, with where to set them
 */
public record Audience(List<String> contacts, NotificationLevel level, String levelOf, String noContacts) {

    public Audience {
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(levelOf, "levelOf");
        Objects.requireNonNull(noContacts, "noContacts");
    }

    /** The tenant's contacts at the tenant's level: whom {@link NotificationService#raise(Notification)} tells. */
    public static Audience tenant(String tenantId, NotificationSettings settings) {
        return new Audience(settings.contacts(), settings.level(), "the tenant's notification level",
                "the tenant names no contacts (PUT /api/tenants/" + tenantId + "/notification-settings)");
    }

    /** notification.reason varchar(500). */
    static final int MAX_REASON = 500;

    /** Why an event of this kind is not mailed to this audience; null when it is to be mailed (mail being on). */
    String skipped(NotificationKind kind) {
        if (!level.sends(kind)) {
            return fitted(levelOf + " " + level + " does not mail " + kind + " notifications");
        }
        if (contacts.isEmpty()) {
            return fitted(noContacts);
        }
        return null;
    }

    /** A reason too long for its column must not fail the step that raised the event. */
    private static String fitted(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
