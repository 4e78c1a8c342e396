package io.certflow.notification;

import java.util.EnumSet;
import java.util.Set;

/** How much of what happens a tenant's contacts are mailed: each level names the kinds it sends. */
public enum NotificationLevel {
    ALL(EnumSet.allOf(NotificationKind.class)),
    /** The default: everything a person may have to act on, no success reports. */
    FAILURES_WARNINGS_DEFERRALS(EnumSet.of(NotificationKind.FAILURE, NotificationKind.WARNING, NotificationKind.DEFERRAL)),
    FAILURES_ONLY(EnumSet.of(NotificationKind.FAILURE)),
    /** Nothing is mailed; the notifications are still stored and listed. */
    DISABLED(EnumSet.noneOf(NotificationKind.class));

    public static final NotificationLevel DEFAULT = FAILURES_WARNINGS_DEFERRALS;

    private final Set<NotificationKind> sent;

    NotificationLevel(Set<NotificationKind> sent) {
        this.sent = sent;
    }

    public boolean sends(NotificationKind kind) {
        return sent.contains(kind);
    }
}
