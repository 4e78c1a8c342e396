package io.certflow.notification;

import java.util.Objects;

import io.certflow.jdbc.Columns;

/**
 * An event to tell a tenant's people about, as the code that noticed it raises it through
 * {@link NotificationService#raise(Notification)}.
 * <p>
 * The subject becomes a mail header and the body plain text. Whatever the raising code puts in them is
 * made safe rather than refused, so that telling someone never fails the step that noticed the event:
 * control characters in the subject become spaces, and a subject or body longer than its column is cut
 * (ending in "…").
 *
 * @param tenantId the tenant whose settings decide who gets it
 * @param kind     decides, with the tenant's level, whether it is mailed
 * @param subject  one line, at most {@value #MAX_SUBJECT} characters
 * @param body     plain text, at most {@value #MAX_BODY} characters
 * @param dedupKey names the event, unique within the tenant, at most {@value #MAX_DEDUP_KEY} characters and not blank:
 *                 raising the same key again (a step run twice after a crash, the next daily run finding the same
 *                 expiring certificate) stores and mails nothing more. Make it from what identifies the event, such as
 *                 {@code "expiring:<certificateId>:7d"} or {@code "renewal-failed:<renewalId>"}
 */
public record Notification(String tenantId, NotificationKind kind, String subject, String body, String dedupKey) {

    public static final int MAX_SUBJECT = 200;
    public static final int MAX_BODY = 20_000;
    public static final int MAX_DEDUP_KEY = 200;

    public Notification {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(dedupKey, "dedupKey");
        if (dedupKey.isBlank() || dedupKey.length() > MAX_DEDUP_KEY) {
            throw new IllegalArgumentException("A notification's dedupKey is 1 to " + MAX_DEDUP_KEY + " characters, not blank");
        }
        subject = Columns.fitted(oneLine(subject), MAX_SUBJECT);
        body = Columns.fitted(body, MAX_BODY);
    }

    /** A header is one line: a line break in it would end the header and start another one. */
    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return line.toString().strip();
    }
}
