package io.certflow.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import io.certflow.crypto.EmailAddresses;

/**
 * Notifications as mail, over the SMTP server of {@code spring.mail.*}. Without {@code spring.mail.host} mail is off:
 * Certflow still starts, and notifications are stored and listed but not mailed.
 */
@Component
public class NotificationMail {

    private static final Logger log = LoggerFactory.getLogger(NotificationMail.class);

    private final JavaMailSender sender;
    private final InternetAddress from;

    public NotificationMail(ObjectProvider<JavaMailSender> sender, @Value("${spring.mail.host:}") String host,
                            @Value("${spring.mail.port:25}") String port, NotificationMailSettings settings) {
        if (host.isBlank()) {
            this.sender = null;
            this.from = null;
            log.info("Mail is off: spring.mail.host is not set. Notifications are stored and listed"
                    + " (GET /api/tenants/{tenant}/notifications), not mailed.");
            return;
        }
        this.sender = sender.getObject();
        this.from = fromAddress(settings.from());
        log.info("Notifications are mailed through the SMTP server {}:{} from {}", host, port, from.getAddress());
    }

    private static InternetAddress fromAddress(String from) {
        if (from == null || from.isBlank()) {
            throw new IllegalStateException("certflow.notification.from must name the sender of notification mails, such as"
                    + " certflow@example.com, when spring.mail.host is set");
        }
        String problem = EmailAddresses.problemWith(from);
        if (problem != null) {
            throw new IllegalStateException("certflow.notification.from: " + problem);
        }
        try {
            return new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalStateException("certflow.notification.from: " + e.getMessage());
        }
    }

    public boolean enabled() {
        return sender != null;
    }

    /**
     * The Message-ID every mail of a notification carries, whichever attempt sends it: a receiver (or its mail client)
     * that gets the same notification twice, after a crash between the SMTP server's answer and Certflow's commit, sees
     * the same message twice and can drop the repeat.
     */
    public String messageId(UUID notificationId) {
        return "<notification." + notificationId + "@" + from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1) + ">";
    }

    /**
     * Mails a notification to its recipients in one message.
     *
     * @throws MailException when the SMTP server cannot be reached or refuses the mail: the caller's job fails and is retried
     */
    public void send(StoredNotification notification) {
        if (sender == null) {
            throw new IllegalStateException("Mail is off (spring.mail.host is not set)");
        }
        sender.send(message(notification, sender.createMimeMessage().getSession()));
    }

    private MimeMessage message(StoredNotification notification, Session session) {
        try {
            MimeMessage message = new FixedIdMessage(session, messageId(notification.id()));
            message.setFrom(from);
            List<InternetAddress> to = new ArrayList<>();
            for (String recipient : notification.recipients()) {
                to.add(new InternetAddress(recipient, true));
            }
            message.setRecipients(MimeMessage.RecipientType.TO, to.toArray(InternetAddress[]::new));
            message.setSubject(notification.subject(), "UTF-8");
            message.setText(notification.body(), "UTF-8");
            // RFC 3834: no out-of-office or other automatic answers to Certflow's address.
            message.setHeader("Auto-Submitted", "auto-generated");
            return message;
        } catch (MessagingException e) {
            throw new MailPreparationException("Notification " + notification.id() + " cannot be written as mail: " + e.getMessage(), e);
        }
    }

    /** Jakarta Mail gives every message a new random Message-ID when it is sent; this one keeps its own. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
