package io.certflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The gauges of /actuator/prometheus, read from rows in a migrated H2 database. */
class CertflowMetricsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    NamedParameterJdbcTemplate jdbc;
    MutableClock clock;
    MeterRegistry registry;
    CertflowMetrics metrics;
    long incidents = 2;
    long jobsDue = 7;

    @BeforeEach
    void bind() {
        jdbc = InMemoryDatabase.migrated();
        clock = new MutableClock(NOW);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("backlog", new EngineBacklog() {
            @Override
            public long openIncidents() {
                return incidents;
            }

            @Override
            public long jobsDue() {
                return jobsDue;
            }
        });
        registry = new SimpleMeterRegistry();
        metrics = new CertflowMetrics(new MetricsQueries(jdbc, beans.getBeanProvider(EngineBacklog.class), clock), Duration.ofSeconds(30), clock);
        metrics.bindTo(registry);
    }

    private UUID certificate(String tenant, String status, String source, boolean autoManaged, Instant notAfter, UUID account) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, not_after, autossl_account_id,
                    created_at, updated_at) values (:id, :tenant, 'EC_P256', :status, :source, :auto, :notAfter, :account, :now, :now)""",
                new MapSqlParameterSource("id", id).addValue("tenant", tenant).addValue("status", status).addValue("source", source)
                        .addValue("auto", autoManaged).addValue("notAfter", notAfter == null ? null : Timestamp.from(notAfter))
                        .addValue("account", account).addValue("now", Timestamp.from(NOW)));
        return id;
    }

    private UUID issued(String tenant, Duration expiresIn) {
        return certificate(tenant, "ISSUED", "ISSUED", true, NOW.plus(expiresIn), null);
    }

    private double gauge(String name, String... tags) {
        return RequiredSearch.in(registry).name(name).tags(tags).gauge().value();
    }

    private double counter(String name, String... tags) {
        return RequiredSearch.in(registry).name(name).tags(tags).functionCounter().count();
    }

    @Test
    void certificatesAreCountedByStatusSourceAndAutoManagement() {
        issued("t1", Duration.ofDays(60));
        issued("t2", Duration.ofDays(60));
        certificate("t1", "ISSUED", "UPLOADED", false, NOW.plus(Duration.ofDays(60)), null);
        certificate("t1", "SUPERSEDED", "ISSUED", true, NOW.minus(Duration.ofDays(1)), null);

        assertThat(gauge("certflow.certificates", "status", "ISSUED", "source", "ISSUED", "auto_managed", "true")).isEqualTo(2);
        assertThat(gauge("certflow.certificates", "status", "ISSUED", "source", "UPLOADED", "auto_managed", "false")).isEqualTo(1);
        assertThat(gauge("certflow.certificates", "status", "SUPERSEDED", "source", "ISSUED", "auto_managed", "true")).isEqualTo(1);
        assertThat(gauge("certflow.certificates", "status", "FAILED", "source", "ISSUED", "auto_managed", "true")).isZero();
    }

    @Test
    void issuedCertificatesFallIntoOneBucketOfDaysToExpiryAndSupersededOnesIntoNone() {
        issued("t1", Duration.ofHours(-1));
        issued("t1", Duration.ofHours(12));
        issued("t1", Duration.ofDays(2));
        issued("t1", Duration.ofDays(3));
        issued("t1", Duration.ofDays(6));
        issued("t2", Duration.ofDays(10));
        issued("t2", Duration.ofDays(29));
        issued("t2", Duration.ofDays(89));
        certificate("t1", "SUPERSEDED", "ISSUED", true, NOW.plus(Duration.ofHours(1)), null);

        assertThat(gauge("certflow.certificates.expiring", "days", "expired")).isEqualTo(1);
        assertThat(gauge("certflow.certificates.expiring", "days", "1")).isEqualTo(1);
        assertThat(gauge("certflow.certificates.expiring", "days", "3")).as("2 days, and 3 days exactly").isEqualTo(2);
        assertThat(gauge("certflow.certificates.expiring", "days", "7")).isEqualTo(1);
        assertThat(gauge("certflow.certificates.expiring", "days", "14")).isEqualTo(1);
        assertThat(gauge("certflow.certificates.expiring", "days", "30")).isEqualTo(1);
        assertThat(gauge("certflow.certificates.expiring", "days", "more")).isEqualTo(1);
    }

    @Test
    void eachTenantShowsWhenItsFirstIssuedCertificateExpires() {
        issued("t1", Duration.ofDays(20));
        issued("t1", Duration.ofDays(5));
        issued("t2", Duration.ofDays(40));
        certificate("t2", "SUPERSEDED", "ISSUED", true, NOW.plus(Duration.ofDays(1)), null);
        registry.find("certflow.certificates").gauges().forEach(g -> g.value());

        assertThat(gauge("certflow.certificates.earliest.expiry.timestamp", "tenant", "t1"))
                .isEqualTo(NOW.plus(Duration.ofDays(5)).getEpochSecond());
        assertThat(gauge("certflow.certificates.earliest.expiry.timestamp", "tenant", "t2"))
                .as("a superseded certificate is not waited for").isEqualTo(NOW.plus(Duration.ofDays(40)).getEpochSecond());
    }

    private void renewal(String tenant, String state) {
        UUID certificate = issued(tenant, Duration.ofDays(10));
        jdbc.update("insert into certflow.renewal (id, tenant_id, certificate_id, state, created_at, updated_at) values (:id, :t, :c, :s, :now, :now)",
                Map.of("id", UUID.randomUUID(), "t", tenant, "c", certificate, "s", state, "now", Timestamp.from(NOW)));
    }

    @Test
    void renewalsStartedSucceededAndFailedAreCountedPerTenantAndATenantWithAPolicyStartsAtZero() {
        renewal("t1", "RENEWED");
        renewal("t1", "RENEWED");
        renewal("t1", "FAILED");
        renewal("t1", "ISSUING");
        jdbc.update("insert into certflow.renewal_policy (tenant_id, enabled, window_days, auto_provision, updated_at) values ('t3', true, 30, false, :now)",
                Map.of("now", Timestamp.from(NOW)));
        gauge("certflow.incidents.open");

        assertThat(counter("certflow.renewals.started", "tenant", "t1")).isEqualTo(4);
        assertThat(counter("certflow.renewals.succeeded", "tenant", "t1")).isEqualTo(2);
        assertThat(counter("certflow.renewals.failed", "tenant", "t1")).isEqualTo(1);
        assertThat(counter("certflow.renewals.started", "tenant", "t3")).isZero();
        assertThat(counter("certflow.renewals.failed", "tenant", "t3")).isZero();
    }

    @Test
    void deploymentsAreCountedByState() {
        UUID certificate = issued("t1", Duration.ofDays(10));
        for (String state : new String[] {"DEPLOYED", "DEPLOYED", "ROLLED_BACK", "VERIFYING"}) {
            jdbc.update("""
                    insert into certflow.deployment (id, tenant_id, certificate_id, target_name, state, expected_serial, expected_fingerprint,
                        created_at, updated_at) values (:id, 't1', :c, 'www', :s, '01', 'ff', :now, :now)""",
                    Map.of("id", UUID.randomUUID(), "c", certificate, "s", state, "now", Timestamp.from(NOW)));
        }

        assertThat(gauge("certflow.deployments", "state", "DEPLOYED")).isEqualTo(2);
        assertThat(gauge("certflow.deployments", "state", "ROLLED_BACK")).isEqualTo(1);
        assertThat(gauge("certflow.deployments", "state", "VERIFYING")).isEqualTo(1);
        assertThat(gauge("certflow.deployments", "state", "FAILED")).isZero();
    }

    private UUID account(String tenant, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into certflow.hosting_account (id, tenant_id, name, created_at, updated_at) values (:id, :t, :n, :now, :now)",
                Map.of("id", id, "t", tenant, "n", name, "now", Timestamp.from(NOW)));
        return id;
    }

    private UUID run(String tenant, String reason, String state, Instant startedAt, int deferred) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.autossl_run (id, tenant_id, reason, state, paging_done, accounts_total, accounts_checked,
                    certificates_ordered, names_deferred, failures, started_at) values (:id, :t, :r, :s, true, 0, 0, 0, :d, 0, :at)""",
                Map.of("id", id, "t", tenant, "r", reason, "s", state, "d", deferred, "at", Timestamp.from(startedAt)));
        return id;
    }

    private void check(UUID run, String tenant, UUID account, String state, int wanted, int covered) {
        jdbc.update("""
                insert into certflow.autossl_check (id, run_id, tenant_id, account_id, state, names_wanted, names_covered,
                    certificates_ordered, names_deferred, created_at) values (:id, :run, :t, :a, :s, :w, :c, 0, 0, :now)""",
                Map.of("id", UUID.randomUUID(), "run", run, "t", tenant, "a", account, "s", state, "w", wanted, "c", covered,
                        "now", Timestamp.from(NOW)));
    }

    @Test
    void autoSslCoverageAndDeferralsComeFromTheTenantsLastFinishedRunOverAllAccounts() {
        UUID alice = account("t1", "alice");
        UUID bob = account("t1", "bob");
        UUID older = run("t1", "NIGHTLY", "FINISHED", NOW.minus(Duration.ofDays(1)), 9);
        check(older, "t1", alice, "DONE", 100, 10);
        UUID last = run("t1", "ALL", "FINISHED", NOW.minus(Duration.ofHours(2)), 3);
        check(last, "t1", alice, "DONE", 8, 6);
        check(last, "t1", bob, "DONE", 4, 4);
        check(last, "t1", bob, "FAILED", 50, 0);
        UUID oneAccount = run("t1", "ACCOUNT", "FINISHED", NOW.minus(Duration.ofHours(1)), 1);
        check(oneAccount, "t1", alice, "DONE", 8, 8);
        run("t1", "NIGHTLY", "RUNNING", NOW.minus(Duration.ofMinutes(5)), 0);
        gauge("certflow.incidents.open");

        assertThat(gauge("certflow.autossl.names.wanted", "tenant", "t1")).isEqualTo(12);
        assertThat(gauge("certflow.autossl.names.covered", "tenant", "t1")).isEqualTo(10);
        assertThat(gauge("certflow.autossl.names.deferred", "tenant", "t1")).isEqualTo(3);
    }

    private UUID issuer(String tenant, String type, String termsRequired, String termsAgreed) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.issuer (id, tenant_id, name, type, terms_required_url, terms_agreed_url, terms_agreed_at, created_at)
                values (:id, :t, :n, :type, :req, :agreed, :agreedAt, :now)""",
                new MapSqlParameterSource("id", id).addValue("t", tenant).addValue("n", "ca-" + id)
                        .addValue("type", type).addValue("req", termsRequired).addValue("agreed", termsAgreed)
                        .addValue("agreedAt", termsAgreed == null ? null : Timestamp.from(NOW)).addValue("now", Timestamp.from(NOW)));
        return id;
    }

    private void provider(String tenant, UUID issuer) {
        jdbc.update("""
                insert into certflow.autossl_settings (tenant_id, provider_issuer_id, default_enabled, replace_non_autossl, user_level,
                    admin_level, updated_at) values (:t, :i, true, false, 'ALL', 'ALL', :now)""",
                Map.of("t", tenant, "i", issuer, "now", Timestamp.from(NOW)));
    }

    @Test
    void autoSslIsShownPausedWhileItsProvidersChangedOrNeverAcceptedTermsWaitAndNotOtherwise() {
        provider("changed", issuer("changed", "ACME", "https://ca.test/terms-v2", "https://ca.test/terms-v1"));
        provider("never", issuer("never", "ACME", "https://ca.test/terms-v1", null));
        provider("accepted", issuer("accepted", "ACME", "https://ca.test/terms-v1", "https://ca.test/terms-v1"));
        provider("private", issuer("private", "PRIVATE_CA", null, null));
        gauge("certflow.incidents.open");

        assertThat(gauge("certflow.autossl.paused", "tenant", "changed")).isEqualTo(1);
        assertThat(gauge("certflow.autossl.paused", "tenant", "never")).isEqualTo(1);
        assertThat(gauge("certflow.autossl.paused", "tenant", "accepted")).isZero();
        assertThat(gauge("certflow.autossl.paused", "tenant", "private")).isZero();
    }

    @Test
    void thePendingQueueCountsCertificatesNotIssuedYetSplitByWhetherAutoSslOrderedThem() {
        UUID alice = account("t1", "alice");
        certificate("t1", "PROCESSING", "ISSUED", true, null, alice);
        certificate("t1", "VALIDATING", "ISSUED", true, null, alice);
        certificate("t1", "PROCESSING", "ISSUED", true, null, null);
        certificate("t1", "AWAITING_APPROVAL", "ISSUED", false, null, null);
        issued("t1", Duration.ofDays(30));

        assertThat(gauge("certflow.pending.certificates", "status", "PROCESSING", "autossl", "true")).isEqualTo(1);
        assertThat(gauge("certflow.pending.certificates", "status", "VALIDATING", "autossl", "true")).isEqualTo(1);
        assertThat(gauge("certflow.pending.certificates", "status", "PROCESSING", "autossl", "false")).isEqualTo(1);
        assertThat(gauge("certflow.pending.certificates", "status", "AWAITING_APPROVAL", "autossl", "false")).isEqualTo(1);
        assertThat(registry.find("certflow.pending.certificates").tag("status", "ISSUED").gauges()).as("issued is not pending").isEmpty();
    }

    @Test
    void theEnginesOpenIncidentsAndDueJobsAreShown() {
        assertThat(gauge("certflow.incidents.open")).isEqualTo(2);
        assertThat(gauge("certflow.jobs.due")).isEqualTo(7);
    }

    @Test
    void aScrapeWithinTheCacheTimeRunsNoQueryAndOneAfterItSeesNewRows() {
        issued("t1", Duration.ofDays(60));
        assertThat(gauge("certflow.certificates", "status", "ISSUED", "source", "ISSUED", "auto_managed", "true")).isEqualTo(1);
        issued("t1", Duration.ofDays(60));
        jobsDue = 100;
        clock.advance(Duration.ofSeconds(29));

        assertThat(gauge("certflow.certificates", "status", "ISSUED", "source", "ISSUED", "auto_managed", "true")).isEqualTo(1);
        assertThat(gauge("certflow.jobs.due")).isEqualTo(7);

        clock.advance(Duration.ofSeconds(1));
        assertThat(gauge("certflow.certificates", "status", "ISSUED", "source", "ISSUED", "auto_managed", "true")).isEqualTo(2);
        assertThat(gauge("certflow.jobs.due")).isEqualTo(100);
    }

    @Test
    void aTenantWithoutIssuedCertificatesLeavesNoEarliestExpirySeriesBehind() {
        UUID only = issued("gone", Duration.ofDays(5));
        gauge("certflow.incidents.open");
        assertThat(registry.find("certflow.certificates.earliest.expiry.timestamp").tag("tenant", "gone").gauge()).isNotNull();
        jdbc.update("update certflow.certificate set status = 'SUPERSEDED' where id = :id", Map.of("id", only));
        clock.advance(Duration.ofMinutes(1));
        gauge("certflow.incidents.open");

        assertThat(registry.find("certflow.certificates.earliest.expiry.timestamp").tag("tenant", "gone").gauge()).isNull();
    }

    @Test
    void theGaugesStillReadValuesAfterTheGarbageCollectorRan() {
        issued("t1", Duration.ofDays(60));
        for (int i = 0; i < 5; i++) {
            System.gc();
        }

        assertThat(gauge("certflow.certificates", "status", "ISSUED", "source", "ISSUED", "auto_managed", "true")).isEqualTo(1);
        assertThat(gauge("certflow.jobs.due")).isEqualTo(7);
    }
}
