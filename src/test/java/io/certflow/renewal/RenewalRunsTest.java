package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationService;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/**
 * A run on the real stores, with the engine replaced by a list of the renewals it was asked to start:
 * which certificates a run starts, in which order, within which budget, and what it leaves for later.
 */
class RenewalRunsTest {

    private static final Instant NOW = Instant.parse("2030-06-01T03:00:00Z");
    private static final String TENANT = "tenant-a";
    private static final Duration START_DELAY = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(NOW);
    private final List<Renewal> started = new ArrayList<>();
    private final java.util.Map<UUID, Instant> beginning = new java.util.HashMap<>();
    private final NotificationService notifications = Mockito.mock(NotificationService.class);
    private NamedParameterJdbcTemplate jdbc;
    private RenewalStore store;
    private RenewalRuns runs;
    private IssuerStore issuers;
    private UUID acme;

    @BeforeEach
    void aTenantWithItsPolicyOnAndAnAcmeIssuer() {
        jdbc = InMemoryDatabase.migrated();
        store = new RenewalStore(jdbc);
        issuers = new IssuerStore(jdbc);
        acme = UUID.randomUUID();
        issuers.insert(new Issuer(acme, TENANT, "le", IssuerType.ACME, "https://ca.test/dir", null, null, null, null, null, null, null,
                null, null, null, null, NOW, null, false, null));
        store.savePolicy(new RenewalPolicy(TENANT, true, 30, null, true, "alice", NOW));
        RenewalWorkflow workflow = new RenewalWorkflow() {
            @Override
            public String startRun(RenewalRun run) {
                return "run-" + run.id();
            }

            @Override
            public String startRenewal(Renewal renewal, Instant beginsAt) {
                started.add(renewal);
                beginning.put(renewal.certificateId(), beginsAt);
                return "renewal-" + renewal.id();
            }

            @Override
            public Instant nextScheduledRun() {
                return nextScheduledRun;
            }
        };
        runs = new RenewalRuns(store, new RenewalCandidates(jdbc), workflow, new io.certflow.renewal.ari.AriTimes(jdbc), issuers,
                new CertificateStore(jdbc), notifications, clock, 2, START_DELAY);
    }

    /** When the daily timer fires next as the workflow says; null: not scheduled. */
    private Instant nextScheduledRun;

    /** An issued, auto-managed certificate of 90 days that expires in {@code daysLeft} days. */
    private UUID certificate(int daysLeft) {
        UUID id = UUID.randomUUID();
        new CertificateStore(jdbc).insert(new Certificate(id, TENANT, acme, List.of("www.example.test"), KeyType.DEFAULT,
                CertificateStatus.ISSUED, null, CertificateSource.ISSUED, true, null, null, null, null, null, NOW, NOW, false, null));
        jdbc.update("update certflow.certificate set not_before = :nb, not_after = :na where id = :id",
                new MapSqlParameterSource("id", id).addValue("na", java.sql.Timestamp.from(NOW.plus(Duration.ofDays(daysLeft))))
                        .addValue("nb", java.sql.Timestamp.from(NOW.plus(Duration.ofDays(daysLeft - 90)))));
        return id;
    }

    private RenewalRun run() {
        RenewalRun run = new RenewalRun(UUID.randomUUID(), TENANT, RenewalRuns.RUN_NOW, "alice", clock.instant(), null, 0, 0, 0, 0, null,
                false, null, null);
        store.insertRun(run);
        while (runs.startNextPage(run.id())) {
            // one page after another, as the process's loop does
        }
        runs.finish(run.id());
        return store.findRun(run.id()).orElseThrow();
    }

    private List<UUID> startedCertificates() {
        return started.stream().map(Renewal::certificateId).toList();
    }

    @Test
    void renewalsStartedWhileMorePagesFollowBeginTheStartDelayAfterTheRunStartedThoseOfTheLastPageAtOnce() {
        UUID firstPage = certificate(2);
        UUID alsoFirstPage = certificate(10);
        UUID lastPage = certificate(14);

        run();

        assertThat(beginning).containsEntry(firstPage, NOW.plus(START_DELAY)).containsEntry(alsoFirstPage, NOW.plus(START_DELAY))
                .containsEntry(lastPage, NOW);
    }

    @Test
    void aRunThatGetsToAPageAfterTheStartDelayLetsItsRenewalsBeginAtOnce() {
        UUID due = certificate(2);
        certificate(10);
        RenewalRun run = new RenewalRun(UUID.randomUUID(), TENANT, RenewalRuns.RUN_NOW, "alice", NOW, null, 0, 0, 0, 0, null, false,
                null, null);
        store.insertRun(run);
        clock.advance(START_DELAY.plusSeconds(1));

        runs.startNextPage(run.id());

        assertThat(beginning).containsEntry(due, clock.instant());
    }

    @Test
    void aRunStartsOneRenewalPerDueCertificateOverSeveralPagesAndLeavesTheOthers() {
        UUID dueSoon = certificate(2);
        UUID due = certificate(10);
        UUID alsoDue = certificate(14);
        certificate(60);

        RenewalRun run = run();

        assertThat(startedCertificates()).containsExactly(dueSoon, due, alsoDue);
        assertThat(run.eligible()).isEqualTo(3);
        assertThat(run.started()).isEqualTo(3);
        assertThat(run.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void certificatesExpiringAtTheSameMomentAreEachLookedAtOnceAcrossPages() {
        List<UUID> sameExpiry = List.of(certificate(5), certificate(5), certificate(5), certificate(5), certificate(5));

        RenewalRun run = run();

        assertThat(startedCertificates()).containsExactlyInAnyOrderElementsOf(sameExpiry).doesNotHaveDuplicates();
        assertThat(startedCertificates()).isSortedAccordingTo(java.util.Comparator.comparing(UUID::toString));
        assertThat(run.eligible()).isEqualTo(5);
    }

    @Test
    void aCertificateWithARenewalInFlightIsNotStartedAgainByASecondRun() {
        UUID due = certificate(5);
        run();

        RenewalRun second = run();

        assertThat(startedCertificates()).containsExactly(due);
        assertThat(second.eligible()).isEqualTo(1);
        assertThat(second.skipped()).as("in flight already").isEqualTo(1);
    }

    @Test
    void theBudgetStartsTheEarliestExpiriesFirstAndLeavesTheRestForTheNextHour() {
        jdbc.update("update certflow.issuer set orders_per_hour = 2 where id = :id", new MapSqlParameterSource("id", acme));
        UUID third = certificate(9);
        UUID first = certificate(1);
        UUID second = certificate(4);

        RenewalRun run = run();

        assertThat(startedCertificates()).containsExactly(first, second);
        assertThat(run.deferred()).isEqualTo(1);
        assertThat(run().started()).as("within the same hour the budget is spent").isZero();
        clock.advance(Duration.ofMinutes(61));
        assertThat(run().started()).isEqualTo(1);
        assertThat(startedCertificates()).containsExactly(first, second, third);
    }

    @Test
    void aCertificateTheBudgetPutsOffThatExpiresWithinADayIsAWarningOnceAndTheOthersAreNot() {
        jdbc.update("update certflow.issuer set orders_per_hour = 1 where id = :id", new MapSqlParameterSource("id", acme));
        certificate(0);
        UUID expiringFirst = certificate(1);
        certificate(20);

        run();
        run();

        ArgumentCaptor<Notification> raised = ArgumentCaptor.forClass(Notification.class);
        Mockito.verify(notifications, Mockito.atLeastOnce()).raise(raised.capture());
        assertThat(raised.getAllValues()).extracting(Notification::dedupKey).containsOnly("deferred-expiring:" + expiringFirst);
        assertThat(raised.getAllValues()).extracting(Notification::kind).containsOnly(NotificationKind.WARNING);
    }

    @Test
    void withRunsFarApartACertificatePutOffThatExpiresBeforeTheNextScheduledRunIsAWarning() {
        jdbc.update("update certflow.issuer set orders_per_hour = 1 where id = :id", new MapSqlParameterSource("id", acme));
        nextScheduledRun = NOW.plus(Duration.ofDays(3));
        certificate(0);
        UUID beforeTheNextRun = certificate(2);
        certificate(4);

        run();

        ArgumentCaptor<Notification> raised = ArgumentCaptor.forClass(Notification.class);
        Mockito.verify(notifications, Mockito.atLeastOnce()).raise(raised.capture());
        assertThat(raised.getAllValues()).extracting(Notification::dedupKey).containsOnly("deferred-expiring:" + beforeTheNextRun);
        assertThat(raised.getAllValues().get(0).body()).contains("the next scheduled run is at " + nextScheduledRun);
    }

    @Test
    void anAcmeIssuerWithoutABudgetOfItsOwnStartsAtMostOneHundredAnHour() {
        assertThat(issuers.findById(acme).orElseThrow().effectiveOrdersPerHour()).isEqualTo(100);
    }

    @Test
    void aTenantWhosePolicyIsOffRenewsNothing() {
        certificate(3);
        store.savePolicy(new RenewalPolicy(TENANT, false, 30, null, true, "alice", NOW));

        RenewalRun run = run();

        assertThat(started).isEmpty();
        assertThat(run.eligible()).isZero();
    }

    @Test
    void aShortCertificateIsDueAfterHalfItsLifetimeNotAtOnce() {
        UUID id = UUID.randomUUID();
        new CertificateStore(jdbc).insert(new Certificate(id, TENANT, acme, List.of("short.example.test"), KeyType.DEFAULT,
                CertificateStatus.ISSUED, null, CertificateSource.ISSUED, true, null, null, null, null, null, NOW, NOW, false, null));
        jdbc.update("update certflow.certificate set not_before = :nb, not_after = :na where id = :id",
                new MapSqlParameterSource("id", id).addValue("nb", java.sql.Timestamp.from(NOW))
                        .addValue("na", java.sql.Timestamp.from(NOW.plus(Duration.ofDays(6)))));

        assertThat(run().eligible()).as("a 6-day certificate under a 30-day window, just issued").isZero();
        clock.advance(Duration.ofDays(3).plus(Duration.ofHours(37)));
        assertThat(run().eligible()).as("past the first half of its 3-day window").isEqualTo(1);
    }
}
