package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.certificate.CertificateStore;
import io.certflow.issuer.IssuerStore;
import io.certflow.notification.NotificationService;
import io.certflow.renewal.ari.AriTimes;
import io.certflow.testing.InMemoryDatabase;

/**
 * A run's pages with ARI, on the real stores: the certificates due by the policy and those whose ARI
 * time has passed come from two queries, merged page by page under one cursor.
 */
class RenewalRunsAriTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
    private static final String TENANT = "acme-users";

    private final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
    private final RenewalStore store = new RenewalStore(jdbc);
    private final List<UUID> renewed = new ArrayList<>();
    private final RenewalWorkflow workflow = new RenewalWorkflow() {
        @Override
        public String startRun(RenewalRun run) {
            return "run-instance";
        }

        @Override
        public String startRenewal(Renewal renewal, Instant beginsAt) {
            renewed.add(renewal.certificateId());
            return "renewal-instance-" + renewal.id();
        }

        @Override
        public Instant nextScheduledRun() {
            return null;
        }
    };

    private RenewalRuns runs(int pageSize) {
        return new RenewalRuns(store, new RenewalCandidates(jdbc), workflow, new AriTimes(jdbc), new IssuerStore(jdbc), new CertificateStore(jdbc),
                org.mockito.Mockito.mock(NotificationService.class), Clock.fixed(NOW, ZoneOffset.UTC),
                pageSize, Duration.ZERO);
    }

    /** A managed certificate of 90 days expiring after {@code expiresIn}, with an ARI time when {@code ariTime} is set. */
    private UUID certificate(Duration expiresIn, Instant ariTime) {
        UUID id = UUID.randomUUID();
        Instant notAfter = NOW.plus(expiresIn);
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, not_before, not_after,
                    created_at, updated_at)
                values (:id, :tenant, 'EC_P256', 'ISSUED', 'ISSUED', true, :notBefore, :notAfter, :now, :now)""",
                new MapSqlParameterSource("id", id).addValue("tenant", TENANT).addValue("now", Timestamp.from(NOW))
                        .addValue("notBefore", Timestamp.from(notAfter.minus(Duration.ofDays(90))))
                        .addValue("notAfter", Timestamp.from(notAfter)));
        if (ariTime != null) {
            jdbc.update("""
                    insert into certflow.certificate_ari (certificate_id, tenant_id, window_start, window_end, renew_at, next_check_at)
                    values (:id, :tenant, :at, :at, :at, :at)""",
                    Map.of("id", id, "tenant", TENANT, "at", Timestamp.from(ariTime)));
        }
        return id;
    }

    private void runToTheEnd(RenewalRuns runs) {
        store.savePolicy(new RenewalPolicy(TENANT, true, 30, null, false, "alice", NOW));
        RenewalRun run = new RenewalRun(UUID.randomUUID(), TENANT, RenewalRuns.RUN_NOW, "alice", NOW, null, 0, 0, 0, 0, null, false, null,
                null);
        store.insertRun(run);
        int pages = 0;
        while (runs.startNextPage(run.id())) {
            assertThat(++pages).as("pages").isLessThan(100);
        }
    }

    @Test
    void aRunRenewsEveryCertificateDueByItsPolicyOrPastItsAriTimeAcrossPagesAndNoOther() {
        List<UUID> due = new ArrayList<>();
        // Three of each: neither query fills a page of four, but together they do.
        for (int i = 0; i < 3; i++) {
            due.add(certificate(Duration.ofDays(1), null));
            due.add(certificate(Duration.ofDays(80), NOW.minus(Duration.ofHours(1))));
        }
        UUID futureAri = certificate(Duration.ofDays(80), NOW.plus(Duration.ofDays(3)));
        UUID notYet = certificate(Duration.ofDays(80), null);

        runToTheEnd(runs(4));

        assertThat(renewed).as("six due, over pages of four").containsExactlyInAnyOrderElementsOf(due).doesNotContain(futureAri, notYet);
    }

    @Test
    void aPolicyDueCertificateIsRenewedAlthoughTheCaWindowIsStillAhead() {
        UUID due = certificate(Duration.ofDays(1), NOW.plus(Duration.ofDays(3)));

        runToTheEnd(runs(4));

        assertThat(renewed).containsExactly(due);
    }
}
