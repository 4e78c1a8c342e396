package io.certflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.MailSendException;
import org.springframework.transaction.support.TransactionTemplate;

import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/**
 * The delivery step on the real store, each run in a transaction of its own as the job runs it, with an SMTP server
 * that accepts or fails as each case says: a notification goes out once, whatever runs again.
 */
class NotificationDeliveryTest {

    private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");

    private final RecordingMailSender smtp = new RecordingMailSender();
    private NamedParameterJdbcTemplate jdbc;
    private NotificationStore notifications;
    private NotificationDelivery delivery;
    private TransactionTemplate job;
    private StoredNotification pending;

    @BeforeEach
    void aPendingNotification() {
        jdbc = InMemoryDatabase.migrated();
        notifications = new NotificationStore(jdbc);
        job = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource()));
        delivery = new NotificationDelivery(notifications, smtp.mail(), new MutableClock(NOW));
        pending = new StoredNotification(UUID.randomUUID(), "tenant-a", NotificationKind.FAILURE, "Renewal of shop.example failed",
                "The CA refused the order: rate limited.\nNext attempt: tomorrow's run.", "renewal-failed:1",
                NotificationState.PENDING, null, List.of("ops@example.com", "pager@example.org"), null, NOW.minusSeconds(5), null);
        notifications.insert(pending);
    }

    private void runJob() {
        job.executeWithoutResult(status -> delivery.deliver(pending.id()));
    }

    private StoredNotification stored() {
        return notifications.findById(pending.id()).orElseThrow();
    }

    @Test
    void aPendingNotificationIsMailedToItsRecipientsInOneMessageAndMarkedSent() throws Exception {
        runJob();

        assertThat(smtp.sent()).hasSize(1);
        MimeMessage mail = smtp.sent().get(0);
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ops@example.com", "pager@example.org");
        assertThat(mail.getFrom()).extracting(Object::toString).containsExactly("certflow@example.com");
        assertThat(mail.getSubject()).isEqualTo("Renewal of shop.example failed");
        assertThat(mail.getContent()).isEqualTo("The CA refused the order: rate limited.\nNext attempt: tomorrow's run.");
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(stored().state()).isEqualTo(NotificationState.SENT);
        assertThat(stored().sentAt()).isEqualTo(NOW);
    }

    @Test
    void aJobRunAgainAfterTheMailWentOutSendsNothing() {
        runJob();
        runJob();

        assertThat(smtp.sent()).hasSize(1);
    }

    @Test
    void anSmtpServerThatCannotBeReachedFailsTheJobAndLeavesTheNotificationPendingForTheRetry() {
        smtp.failNext("Connection refused");

        assertThatThrownBy(this::runJob).isInstanceOf(MailSendException.class).hasMessageContaining("Connection refused");
        assertThat(stored().state()).as("the mark is rolled back with the job").isEqualTo(NotificationState.PENDING);
        assertThat(stored().sentAt()).isNull();

        runJob();

        assertThat(smtp.sent()).hasSize(1);
        assertThat(stored().state()).isEqualTo(NotificationState.SENT);
    }

    @Test
    void twoDeliveriesOfOneNotificationAtTheSameTimeMailItOnce() throws Exception {
        CountDownLatch firstSending = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        smtp.holdNext(firstSending, answer);
        // A job whose lock ran out while the SMTP server was slow to answer, run again by another node.
        CompletableFuture<Void> first = CompletableFuture.runAsync(this::runJob);
        assertThat(firstSending.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> job.executeWithoutResult(status -> {
            jdbc.getJdbcTemplate().execute("set lock_timeout 20000");
            delivery.deliver(pending.id());
        }));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.getJdbcTemplate().queryForObject(
                "select count(*) from information_schema.sessions where blocker_id is not null", Integer.class) > 0);
        answer.countDown();

        first.get(20, TimeUnit.SECONDS);
        second.get(20, TimeUnit.SECONDS);

        assertThat(smtp.sent()).hasSize(1);
        assertThat(stored().state()).isEqualTo(NotificationState.SENT);
    }

    @Test
    void everyAttemptCarriesTheSameMessageIdDerivedFromTheNotificationSoAReceiverCanDropARepeat() throws Exception {
        String expected = "<notification." + pending.id() + "@example.com>";
        // A crash after the SMTP server's answer and before the commit: the job runs again and mails it again.
        job.executeWithoutResult(status -> {
            delivery.deliver(pending.id());
            status.setRollbackOnly();
        });
        runJob();

        assertThat(smtp.sent()).hasSize(2);
        assertThat(smtp.sent()).extracting(MimeMessage::getMessageID).containsOnly(expected);
    }

    @Test
    void aNotificationRaisedWhileMailWasOnAndDeliveredAfterItWasTurnedOffIsSkippedWithTheReason() {
        NotificationMail off = new NotificationMail(null, "", "25", new NotificationMailSettings(null));
        new NotificationDelivery(notifications, off, new MutableClock(NOW)).deliver(pending.id());

        assertThat(stored().state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(stored().reason()).isEqualTo("mail is off on this Certflow: spring.mail.host is not set");
    }
}
