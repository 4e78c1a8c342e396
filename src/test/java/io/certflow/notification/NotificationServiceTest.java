package io.certflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.Caller;
import io.certflow.security.RoleRequiredException;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/**
 * Raising notifications and the settings that decide who gets them, on the real stores, each raise in a transaction of
 * its own as the calling step's; the engine is a recording stand-in for the delivery process.
 */
class NotificationServiceTest {

    private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
    private static final String TENANT = "tenant-a";

    private final MutableClock clock = new MutableClock(NOW);
    private final List<StoredNotification> deliveriesStarted = new ArrayList<>();
    private final Caller administrator = new Caller("ada", false, List.of(TENANT), Set.of(TENANT), Set.of(TENANT)::contains);
    private final Caller member = new Caller("max", false, List.of(TENANT));
    private final Caller otherTenant = new Caller("olga", false, List.of("tenant-b"), Set.of("tenant-b"), Set.of("tenant-b")::contains);

    private NotificationService service;
    private NotificationSettingsService settings;
    private TransactionTemplate transactions;
    private NotificationStore notifications;
    private NotificationSettingsStore settingsStore;

    @BeforeEach
    void services() {
        var jdbc = InMemoryDatabase.migrated();
        var transactionManager = new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource());
        transactions = new TransactionTemplate(transactionManager);
        notifications = new NotificationStore(jdbc);
        settingsStore = new NotificationSettingsStore(jdbc);
        service = new NotificationService(notifications, settingsStore, new RecordingMailSender().mail(), notification -> {
            deliveriesStarted.add(notification);
            return "instance-" + deliveriesStarted.size();
        }, transactionManager, clock);
        settings = new NotificationSettingsService(settingsStore, clock);
    }

    private StoredNotification raise(NotificationKind kind, String dedupKey) {
        return transactions.execute(status -> service.raise(new Notification(TENANT, kind, "Subject " + dedupKey, "Body", dedupKey)));
    }

    @Test
    void aKindTheLevelSendsIsPendingForTheTenantsContactsAndItsDeliveryStarts() {
        settings.replace(administrator, TENANT, List.of("ops@example.com", "pager@example.org"), "FAILURES_ONLY");

        StoredNotification raised = raise(NotificationKind.FAILURE, "renewal-failed:1");

        assertThat(raised.state()).isEqualTo(NotificationState.PENDING);
        assertThat(raised.recipients()).containsExactly("ops@example.com", "pager@example.org");
        assertThat(raised.processInstanceId()).isEqualTo("instance-1");
        assertThat(deliveriesStarted).extracting(StoredNotification::id).containsExactly(raised.id());
    }

    @Test
    void aKindTheLevelDoesNotSendIsStoredSkippedWithTheReasonAndNothingStarts() {
        settings.replace(administrator, TENANT, List.of("ops@example.com"), "FAILURES_ONLY");

        StoredNotification raised = raise(NotificationKind.WARNING, "expiring:1:7d");

        assertThat(raised.state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(raised.reason()).isEqualTo("the tenant's notification level FAILURES_ONLY does not mail WARNING notifications");
        assertThat(raised.recipients()).isEmpty();
        assertThat(deliveriesStarted).isEmpty();
    }

    @Test
    void aTenantThatNamedNoContactsHasItsFailuresStoredAndListedButMailedToNobody() {
        StoredNotification raised = raise(NotificationKind.FAILURE, "renewal-failed:1");

        assertThat(raised.state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(raised.reason()).isEqualTo("the tenant names no contacts (PUT /api/tenants/tenant-a/notification-settings)");
        assertThat(service.list(member, TENANT, 0, 10).items()).extracting(StoredNotification::id).containsExactly(raised.id());
        assertThat(deliveriesStarted).isEmpty();
    }

    @Test
    void withMailOffOnTheHostANotificationIsStoredAndListedButNotMailed() {
        NotificationService mailOff = new NotificationService(notifications, settingsStore,
                new NotificationMail(null, "", "25", new NotificationMailSettings(null)),
                notification -> {
                    deliveriesStarted.add(notification);
                    return "instance";
                }, transactions.getTransactionManager(), clock);
        settings.replace(administrator, TENANT, List.of("ops@example.com"), "ALL");

        StoredNotification raised = transactions.execute(status -> mailOff.raise(
                new Notification(TENANT, NotificationKind.FAILURE, "Renewal failed", "Body", "renewal-failed:1")));

        assertThat(raised.state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(raised.reason()).isEqualTo("mail is off on this Certflow: spring.mail.host is not set");
        assertThat(deliveriesStarted).isEmpty();
    }

    @Test
    void theSameDedupKeyRaisedAgainStoresAndStartsNothingMoreAndAnswersWithTheFirst() {
        settings.replace(administrator, TENANT, List.of("ops@example.com"), "ALL");
        StoredNotification first = raise(NotificationKind.FAILURE, "renewal-failed:1");
        clock.advance(Duration.ofHours(1));

        StoredNotification again = raise(NotificationKind.FAILURE, "renewal-failed:1");
        StoredNotification inOneTransaction = transactions.execute(status -> {
            service.raise(new Notification(TENANT, NotificationKind.SUCCESS, "Renewed", "Body", "renewed:1"));
            return service.raise(new Notification(TENANT, NotificationKind.SUCCESS, "Renewed", "Body", "renewed:1"));
        });

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.createdAt()).isEqualTo(NOW);
        assertThat(deliveriesStarted).extracting(StoredNotification::dedupKey).containsExactly("renewal-failed:1", "renewed:1");
        assertThat(service.list(member, TENANT, 0, 10).total()).isEqualTo(2);
        assertThat(inOneTransaction.dedupKey()).isEqualTo("renewed:1");
    }

    @Test
    void anotherTenantsEventWithTheSameDedupKeyIsItsOwn() {
        raise(NotificationKind.FAILURE, "renewal-failed:1");
        transactions.execute(status -> service.raise(
                new Notification("tenant-b", NotificationKind.FAILURE, "Subject", "Body", "renewal-failed:1")));

        assertThat(service.list(member, TENANT, 0, 10).total()).isEqualTo(1);
        assertThat(service.list(otherTenant, "tenant-b", 0, 10).total()).isEqualTo(1);
    }

    @Test
    void aSubjectIsOneLineAndBoundedSoThatNoHeaderCanBeSmuggledIntoTheMail() {
        Notification event = new Notification(TENANT, NotificationKind.FAILURE, "Renewal failed\r\nBcc: everyone@example.com",
                "x".repeat(30_000), "k");

        assertThat(event.subject()).isEqualTo("Renewal failed  Bcc: everyone@example.com");
        assertThat(event.body()).hasSize(Notification.MAX_BODY).endsWith("…");
        assertThat(new Notification(TENANT, NotificationKind.FAILURE, "s".repeat(500), "", "k").subject()).hasSize(200);
        assertThatThrownBy(() -> new Notification(TENANT, NotificationKind.FAILURE, "s", "b", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListIsNewestFirstAndPaged() {
        for (int i = 1; i <= 3; i++) {
            raise(NotificationKind.WARNING, "expiring:" + i);
            clock.advance(Duration.ofMinutes(1));
        }

        NotificationPage first = service.list(member, TENANT, 0, 2);
        NotificationPage second = service.list(member, TENANT, 1, 2);

        assertThat(first.items()).extracting(StoredNotification::dedupKey).containsExactly("expiring:3", "expiring:2");
        assertThat(second.items()).extracting(StoredNotification::dedupKey).containsExactly("expiring:1");
        assertThat(first.total()).isEqualTo(3);
        assertThatThrownBy(() -> service.list(member, TENANT, 0, 201)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("size: between 1 and 200");
    }

    @Test
    void membersReadTheSettingsOnlyAdministratorsChangeThemAndAnotherTenantsAreNotFound() {
        assertThat(settings.get(member, TENANT)).isEqualTo(NotificationSettings.DEFAULT);

        assertThatThrownBy(() -> settings.replace(member, TENANT, List.of("max@example.com"), "ALL"))
                .isInstanceOf(RoleRequiredException.class);
        assertThatThrownBy(() -> settings.get(otherTenant, TENANT)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> settings.replace(otherTenant, TENANT, List.of(), "ALL")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.list(otherTenant, TENANT, 0, 10)).isInstanceOf(NotFoundException.class);
        assertThat(settings.get(member, TENANT)).as("nothing was stored").isEqualTo(NotificationSettings.DEFAULT);
        Caller globalAdministrator = new Caller("admin", true, List.of(), Set.of(), Set.of(TENANT, "tenant-b")::contains);
        assertThat(settings.get(globalAdministrator, "tenant-b")).isEqualTo(NotificationSettings.DEFAULT);
        assertThatThrownBy(() -> settings.get(globalAdministrator, "no-such-tenant")).isInstanceOf(NotFoundException.class);

        settings.replace(administrator, TENANT, List.of("ops@example.com"), "ALL");

        assertThat(settings.get(member, TENANT)).isEqualTo(new NotificationSettings(List.of("ops@example.com"), NotificationLevel.ALL));
    }

    @Test
    void refusedSettingsLeaveTheStoredOnesAsTheyWere() {
        settings.replace(administrator, TENANT, List.of("ops@example.com"), "ALL");

        assertThatThrownBy(() -> settings.replace(administrator, TENANT, List.of("new@example.com", "broken"), "DISABLED"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("contacts[1]: ");

        assertThat(settings.get(administrator, TENANT)).isEqualTo(new NotificationSettings(List.of("ops@example.com"), NotificationLevel.ALL));
    }
}
