package io.certflow.notification;

/** Where a notification stands. */
public enum NotificationState {
    /** Transient: to be mailed by NotificationDeliveryProcess (waiting for its job, or for the SMTP server to answer). */
    PENDING,
    /** Final: the SMTP server accepted the mail. */
    SENT,
    /** Final: not mailed, for the reason stored with it (the tenant's level, no contacts, mail off on this host). */
    SKIPPED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
