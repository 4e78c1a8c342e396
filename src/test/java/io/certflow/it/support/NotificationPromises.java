package io.certflow.it.support;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationLevel;

/**
 * What each notification level promises to mail, as the README says it, written out here rather than
 * asked of Certflow, so that a mailbox is checked against the promise and not against the code.
 */
public final class NotificationPromises {

    public static final Map<NotificationLevel, Set<NotificationKind>> PROMISED = Map.of(
            NotificationLevel.ALL, EnumSet.allOf(NotificationKind.class),
            NotificationLevel.FAILURES_WARNINGS_DEFERRALS,
            EnumSet.of(NotificationKind.FAILURE, NotificationKind.WARNING, NotificationKind.DEFERRAL),
            NotificationLevel.FAILURES_ONLY, EnumSet.of(NotificationKind.FAILURE),
            NotificationLevel.DISABLED, EnumSet.noneOf(NotificationKind.class));

    private NotificationPromises() {
    }
}
