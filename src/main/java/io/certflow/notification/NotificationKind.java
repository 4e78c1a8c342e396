package io.certflow.notification;

/** What an event means for the people who hear of it; a tenant's {@link NotificationLevel} says which kinds they get. */
public enum NotificationKind {
    /** Something did not happen and will not without a person: a renewal failed, a certificate expired unrenewed. */
    FAILURE,
    /** Something will go wrong unless a person acts: a certificate expires soon and Certflow will not renew it. */
    WARNING,
    /** Something was put off and will be tried again later (AutoSSL's deferred orders, a renewal beyond the rate budget). */
    DEFERRAL,
    /** Something went as planned: a certificate was renewed. */
    SUCCESS
}
