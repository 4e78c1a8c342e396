package io.certflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/**
 * Events raised to an audience of their own (a hosting account's contact, AutoSSL's administrators) rather than the
 * tenant's contacts: its contacts and level decide, the skipped reasons name it, and storing, dedup and delivery are the
 * tenant's as for every notification.
 */
class NotificationAudienceTest {

    private static final String TENANT = "tenant-a";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T08:00:00Z"));
    private final List<StoredNotification> deliveriesStarted = new ArrayList<>();
    private final Caller administrator = new Caller("ada", false, List.of(TENANT), Set.of(TENANT), Set.of(TENANT)::contains);

    private NotificationService service;
    private NotificationSettingsService settings;
    private TransactionTemplate transactions;

    @BeforeEach
    void services() {
        var jdbc = InMemoryDatabase.migrated();
        var transactionManager = new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource());
        transactions = new TransactionTemplate(transactionManager);
        NotificationSettingsStore settingsStore = new NotificationSettingsStore(jdbc);
        service = new NotificationService(new NotificationStore(jdbc), settingsStore, new RecordingMailSender().mail(), notification -> {
            deliveriesStarted.add(notification);
            return "instance-" + deliveriesStarted.size();
        }, transactionManager, clock);
        settings = new NotificationSettingsService(settingsStore, clock);
        settings.replace(administrator, TENANT, List.of("ops@example.com"), "FAILURES_ONLY");
    }

    private static Audience user(NotificationLevel level, String... contacts) {
        return new Audience(List.of(contacts), level, "account shop1's notification level", "account shop1 has no contact email");
    }

    private StoredNotification raise(NotificationKind kind, String dedupKey, Audience audience) {
        return transactions.execute(status -> service.raise(new Notification(TENANT, kind, "Subject " + dedupKey, "Body", dedupKey),
                audience));
    }

    @Test
    void anEventRaisedToAnAudienceIsMailedToItsContactsAtItsLevelNotTheTenants() {
        StoredNotification raised = raise(NotificationKind.SUCCESS, "user:shop1:issued:1", user(NotificationLevel.ALL, "owner@shop1.example"));

        assertThat(raised.state()).as("the tenant's FAILURES_ONLY does not decide").isEqualTo(NotificationState.PENDING);
        assertThat(raised.recipients()).containsExactly("owner@shop1.example");
        assertThat(raised.tenantId()).isEqualTo(TENANT);
        assertThat(deliveriesStarted).extracting(StoredNotification::id).containsExactly(raised.id());
    }

    @Test
    void aKindTheAudiencesLevelDoesNotSendIsSkippedWithAReasonNamingTheAudience() {
        StoredNotification raised = raise(NotificationKind.WARNING, "user:shop1:w", user(NotificationLevel.FAILURES_ONLY, "owner@shop1.example"));

        assertThat(raised.state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(raised.reason()).isEqualTo("account shop1's notification level FAILURES_ONLY does not mail WARNING notifications");
        assertThat(raised.recipients()).isEmpty();
        assertThat(deliveriesStarted).isEmpty();
    }

    @Test
    void anAudienceWithoutContactsIsSkippedWithItsOwnReason() {
        StoredNotification raised = raise(NotificationKind.FAILURE, "user:shop1:f", user(NotificationLevel.ALL));

        assertThat(raised.state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(raised.reason()).isEqualTo("account shop1 has no contact email");
        assertThat(deliveriesStarted).isEmpty();
    }

    @Test
    void theTenantsOwnAudienceIsItsContactsAtItsLevelAsRaiseWithoutAnAudienceUses() {
        StoredNotification failure = transactions.execute(status -> service.raise(
                new Notification(TENANT, NotificationKind.FAILURE, "Renewal failed", "Body", "renewal-failed:1")));
        StoredNotification warning = transactions.execute(status -> service.raise(
                new Notification(TENANT, NotificationKind.WARNING, "Expiring", "Body", "expiring:1:7d")));

        assertThat(failure.recipients()).containsExactly("ops@example.com");
        assertThat(warning.reason()).isEqualTo("the tenant's notification level FAILURES_ONLY does not mail WARNING notifications");
        assertThat(Audience.tenant(TENANT, NotificationSettings.DEFAULT).skipped(NotificationKind.FAILURE))
                .isEqualTo("the tenant names no contacts (PUT /api/tenants/tenant-a/notification-settings)");
    }

    @Test
    void aDedupKeyRaisedBeforeToAnyAudienceStoresAndMailsNothingMore() {
        StoredNotification first = raise(NotificationKind.FAILURE, "run-failed:7", user(NotificationLevel.ALL, "owner@shop1.example"));
        StoredNotification again = raise(NotificationKind.FAILURE, "run-failed:7", user(NotificationLevel.ALL, "other@shop1.example"));
        StoredNotification asTenant = transactions.execute(status -> service.raise(
                new Notification(TENANT, NotificationKind.FAILURE, "Subject", "Body", "run-failed:7")));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(asTenant.id()).isEqualTo(first.id());
        assertThat(deliveriesStarted).hasSize(1);
    }

    @Test
    void aReasonTooLongForItsColumnIsCutRatherThanFailingTheRaise() {
        Audience wordy = new Audience(List.of(), NotificationLevel.ALL, "x", "y".repeat(800));

        StoredNotification raised = raise(NotificationKind.FAILURE, "wordy", wordy);

        assertThat(raised.state()).isEqualTo(NotificationState.SKIPPED);
        assertThat(raised.reason()).hasSize(Audience.MAX_REASON).endsWith("…");
    }
}
