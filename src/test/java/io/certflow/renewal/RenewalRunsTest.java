package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** A run's pages on the real schema, the engine replaced by a workflow that notes what it was asked to start. */
class RenewalRunsTest {

    private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
    private static final String TENANT = "tenant-a";
    private static final Duration START_DELAY = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(NOW);
    private final NotingWorkflow workflow = new NotingWorkflow();
    private NamedParameterJdbcTemplate jdbc;
    private RenewalStore store;
    private RenewalRuns runs;

    @BeforeEach
    void threeDueCertificatesAndAPageSizeOfTwo() {
        jdbc = InMemoryDatabase.migrated();
        store = new RenewalStore(jdbc);
        CertificateStore certificates = new CertificateStore(jdbc);
        for (int i = 0; i < 3; i++) {
            UUID id = UUID.randomUUID();
            certificates.insert(new Certificate(id, TENANT, null, List.of("www" + i + ".example.test"), KeyType.DEFAULT,
                    CertificateStatus.ISSUED, null, CertificateSource.ISSUED, true, null, null, null, null, null, NOW, NOW, false, null));
            // Issued 89 days ago with 90 days of validity: due under a 30-day window.
            jdbc.update("update certflow.certificate set not_before = :from, not_after = :to where id = :id",
                    new MapSqlParameterSource("id", id).addValue("from", Timestamp.from(NOW.minus(Duration.ofDays(89))))
                            .addValue("to", Timestamp.from(NOW.plus(Duration.ofDays(1)))));
        }
        store.savePolicy(new RenewalPolicy(TENANT, true, 30, null, true, "alice", NOW));
        runs = new RenewalRuns(store, new RenewalCandidates(jdbc), workflow, clock, 2, START_DELAY);
    }

    @Test
    void renewalsStartedWhileMorePagesFollowBeginTheStartDelayAfterTheRunStartedThoseOfTheLastPageAtOnce() {
        RenewalRun run = runs.startScheduledRuns().get(0);
        clock.advance(Duration.ofSeconds(5));

        assertThat(runs.startNextPage(run.id())).as("a full page: more may follow").isTrue();
        assertThat(runs.startNextPage(run.id())).as("the last page").isFalse();

        assertThat(workflow.started).hasSize(2);
        assertThat(workflow.started.get(0).renewals()).hasSize(2);
        assertThat(workflow.started.get(0).beginsAt()).isEqualTo(NOW.plus(START_DELAY));
        assertThat(workflow.started.get(1).renewals()).hasSize(1);
        assertThat(workflow.started.get(1).beginsAt()).isEqualTo(NOW.plusSeconds(5));
        RenewalRun counted = store.findRun(run.id()).orElseThrow();
        assertThat(counted.eligible()).isEqualTo(3);
        assertThat(counted.started()).isEqualTo(3);
        assertThat(jdbc.queryForList("select process_instance_id from certflow.renewal order by process_instance_id",
                new MapSqlParameterSource(), String.class)).as("each renewal knows its process instance")
                .containsExactly("instance-1", "instance-2", "instance-3");
    }

    @Test
    void aRunThatGetsToAPageLaterThanTheStartDelayLetsItsRenewalsBeginAtOnce() {
        RenewalRun run = runs.startScheduledRuns().get(0);
        clock.advance(START_DELAY.plusSeconds(1));

        runs.startNextPage(run.id());

        assertThat(workflow.started.get(0).beginsAt()).isEqualTo(clock.instant());
    }

    @Test
    void aSecondRunWhileTheFirstsRenewalsAreInFlightStartsNothing() {
        RenewalRun first = runs.startScheduledRuns().get(0);
        while (runs.startNextPage(first.id())) {
            // all pages
        }
        RenewalRun second = runs.startScheduledRuns().get(0);
        while (runs.startNextPage(second.id())) {
            // all pages
        }

        RenewalRun counted = store.findRun(second.id()).orElseThrow();
        assertThat(counted.eligible()).isEqualTo(3);
        assertThat(counted.started()).isZero();
        assertThat(counted.skipped()).isEqualTo(3);
    }

    /** What the run asked the engine to start, page by page. */
    private static final class NotingWorkflow implements RenewalWorkflow {

        record Started(List<Renewal> renewals, Instant beginsAt) {
        }

        final List<Started> started = new ArrayList<>();
        private int instances;

        @Override
        public String startRun(RenewalRun run) {
            return "run-instance";
        }

        @Override
        public String startRenewal(Renewal renewal) {
            throw new UnsupportedOperationException("a run starts its renewals a page at a time");
        }

        @Override
        public Map<UUID, String> startRenewals(List<Renewal> renewals, Instant beginsAt) {
            if (!renewals.isEmpty()) {
                started.add(new Started(renewals, beginsAt));
            }
            Map<UUID, String> ids = new LinkedHashMap<>();
            renewals.forEach(renewal -> ids.put(renewal.id(), "instance-" + ++instances));
            return ids;
        }

        @Override
        public Instant nextScheduledRun() {
            return null;
        }
    }
}
