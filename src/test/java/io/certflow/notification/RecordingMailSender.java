package io.certflow.notification;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * A stand-in for the SMTP server in unit tests: keeps every message it is handed, as sent (saved, as JavaMailSenderImpl
 * saves it before talking SMTP), or fails as scripted, like a server that cannot be reached.
 */
final class RecordingMailSender implements JavaMailSender {

    private final Session session = Session.getInstance(new Properties());
    private final List<MimeMessage> sent = new ArrayList<>();
    private final Deque<String> failures = new ArrayDeque<>();
    private volatile CountDownLatch sending;
    private volatile CountDownLatch release;

    /** A NotificationMail that sends through this, from certflow@example.com. */
    NotificationMail mail() {
        return new NotificationMail(new StaticListableBeanFactory(Map.of("mailSender", this)).getBeanProvider(JavaMailSender.class),
                "smtp.example.com", "587", new NotificationMailSettings("certflow@example.com"));
    }

    /** The next send fails with this message. */
    RecordingMailSender failNext(String message) {
        failures.add(message);
        return this;
    }

    /** The next send counts {@code sending} down and then waits for {@code release}, like an SMTP server slow to answer. */
    RecordingMailSender holdNext(CountDownLatch sending, CountDownLatch release) {
        this.sending = sending;
        this.release = release;
        return this;
    }

    synchronized List<MimeMessage> sent() {
        return List.copyOf(sent);
    }

    @Override
    public MimeMessage createMimeMessage() {
        return new MimeMessage(session);
    }

    @Override
    public MimeMessage createMimeMessage(InputStream contentStream) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void send(MimeMessage... messages) throws MailException {
        CountDownLatch held = release;
        if (held != null) {
            release = null;
            sending.countDown();
            try {
                held.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        record(messages);
    }

    private synchronized void record(MimeMessage... messages) {
        if (!failures.isEmpty()) {
            throw new MailSendException("Mail server connection failed: " + failures.poll());
        }
        for (MimeMessage message : messages) {
            try {
                message.saveChanges();
            } catch (MessagingException e) {
                throw new MailSendException("cannot save", e);
            }
            sent.add(message);
        }
    }

    @Override
    public void send(SimpleMailMessage... simpleMessages) throws MailException {
        throw new UnsupportedOperationException();
    }
}
