package io.certflow.notification;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The one step of NotificationDeliveryProcess: mails a pending notification, once. */
@Service
public class NotificationDelivery {

    static final String MAIL_OFF = "mail is off on this Certflow: spring.mail.host is not set";

    private final NotificationStore notifications;
    private final NotificationMail mail;
    private final Clock clock;

    public NotificationDelivery(NotificationStore notifications, NotificationMail mail, Clock clock) {
        this.notifications = notifications;
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * Mails the notification unless it is no longer PENDING, and marks it SENT in the same transaction (the job's): a
     * retried job after a successful send finds it SENT and sends nothing. An SMTP server that cannot be reached or
     * refuses the mail throws, which rolls the mark back; the job is retried on {@code certflow.retry.smtp}, then an
     * incident, and no mail is lost.
     * <p>
     * One case repeats a mail: Certflow stopping after the SMTP server accepted it and before the transaction committed.
     * The job then runs again and mails it a second time, with the same Message-ID ({@link NotificationMail#messageId}),
     * so that the receiver can drop the repeat. No order of the two avoids both loss and repeat, and a repeat is the
     * lesser harm.
     */
    @Transactional
    public void deliver(UUID notificationId) {
        StoredNotification notification = notifications.findById(notificationId).orElse(null);
        if (notification == null || notification.state().isFinal()) {
            return;
        }
        if (!mail.enabled()) {
            // Mail was on when it was raised and has been turned off since: the administrator chose not to mail.
            notifications.skip(notificationId, MAIL_OFF);
            return;
        }
        if (notifications.claimForSending(notificationId, clock.instant())) {
            mail.send(notification);
        }
    }
}
