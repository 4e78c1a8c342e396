package io.certflow.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * Tells a tenant's people what happened: the way in for every feature that has something to tell (renewal, AutoSSL).
 * See {@link #raise(Notification)}.
 */
@Service
public class NotificationService {

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);
    static final int MAX_PAGE_SIZE = 200;

    private final NotificationStore notifications;
    private final NotificationSettingsStore settings;
    private final NotificationMail mail;
    private final NotificationWorkflow workflow;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    public NotificationService(NotificationStore notifications, NotificationSettingsStore settings, NotificationMail mail,
                               NotificationWorkflow workflow, PlatformTransactionManager transactionManager, Clock clock) {
        this.notifications = notifications;
        this.settings = settings;
        this.mail = mail;
        this.workflow = workflow;
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * Stores an event for its tenant and, when the tenant's settings send its kind to anyone, starts mailing it: the
     * tenant's contacts at the tenant's level ({@link Audience#tenant}). See {@link #raise(Notification, Audience)}.
     */
    @Transactional
    public StoredNotification raise(Notification event) {
        Optional<StoredNotification> earlier = notifications.findByDedupKey(event.tenantId(), event.dedupKey());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return raise(event, Audience.tenant(event.tenantId(), settings.find(event.tenantId()).orElse(NotificationSettings.DEFAULT)));
    }

    /**
     * Stores an event for its tenant and, when the audience's level sends its kind to anyone, starts mailing it to the
     * audience's contacts: for people other than the tenant's contacts, such as the contact of a hosting account.
     * <p>
     * Call it inside the transaction that decided the event (a delegate's, a service's): the notification is stored, and
     * its delivery starts, only if that transaction commits. Nothing is mailed inside it and no SMTP server is asked: the
     * mail goes out from a job of NotificationDeliveryProcess afterwards, retried on {@code certflow.retry.smtp} while the
     * SMTP server is down. The recipients are the audience's contacts at this moment.
     * <p>
     * Raising an event whose {@code dedupKey} the tenant has raised before stores and mails nothing more and returns the
     * notification raised first, also when the two calls run at the same time (the database decides) and also when the
     * first was skipped. It never fails the caller's transaction for that. The key is the tenant's, whoever the audience:
     * the same event told to two audiences needs two keys (AutoSSL prefixes them "user:" and "admin:").
     *
     * @return the stored notification: PENDING while it is to be mailed, or SKIPPED with the reason (the audience's level
     *         does not send its kind, the audience has no contacts, or mail is off on this host)
     */
    @Transactional
    public StoredNotification raise(Notification event, Audience audience) {
        Optional<StoredNotification> earlier = notifications.findByDedupKey(event.tenantId(), event.dedupKey());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        StoredNotification notification = decide(event, audience, clock.instant());
        try {
            // In a savepoint: on PostgreSQL a failed statement would otherwise abort the caller's whole transaction.
            savepoint.executeWithoutResult(status -> notifications.insert(notification));
        } catch (DuplicateKeyException raisedMeanwhile) {
            return notifications.findByDedupKey(event.tenantId(), event.dedupKey()).orElseThrow(() -> raisedMeanwhile);
        }
        if (notification.state() == NotificationState.PENDING) {
            notifications.recordProcessInstance(notification.id(), workflow.startDelivery(notification));
        } else {
            log.debug("Notification {} of tenant {} not mailed: {}", notification.id(), notification.tenantId(), notification.reason());
        }
        return notifications.findById(notification.id()).orElseThrow();
    }

    /** Who gets the event, by the audience now: its contacts, or nobody and why. */
    private StoredNotification decide(Notification event, Audience audience, Instant now) {
        String skipped = audience.skipped(event.kind());
        if (skipped == null && !mail.enabled()) {
            skipped = NotificationDelivery.MAIL_OFF;
        }
        return new StoredNotification(UUID.randomUUID(), event.tenantId(), event.kind(), event.subject(), event.body(),
                event.dedupKey(), skipped == null ? NotificationState.PENDING : NotificationState.SKIPPED, skipped,
                skipped == null ? audience.contacts() : List.of(), null, now, null);
    }

    /** A tenant's notifications, newest first; every member of the tenant may read them. */
    @Transactional(readOnly = true)
    public NotificationPage list(Caller caller, String tenant, int page, int size) {
        String tenantId = TenantScope.require(caller, tenant);
        if (page < 0 || page > 100_000) {
            throw new InvalidRequestException("page: from 0 to 100000");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size: between 1 and " + MAX_PAGE_SIZE);
        }
        return new NotificationPage(notifications.listOf(tenantId, page * size, size), page, size, notifications.countOf(tenantId));
    }
}
