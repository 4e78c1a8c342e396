package io.certflow.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateService.Query;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.deployment.DeploymentFailures;
import io.certflow.deployment.DeploymentState;
import io.certflow.renewal.FailedRenewals;
import io.certflow.renewal.RenewalPolicy;
import io.certflow.renewal.RenewalStore;
import io.certflow.renewal.RenewedByCertflowRule;
import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;

/** The overview's counts on H2: each is what its list shows, for the caller's tenants only. */
class OverviewQueriesTest {

    private static final Instant NOW = Instant.parse("2026-03-04T15:30:00Z");
    private static final String ON = "overview-on";
    private static final String OFF = "overview-off";
    private static final String OTHER = "overview-other";

    private final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
    private final CertificateService certificates = new CertificateService(new CertificateStore(jdbc, new RenewedByCertflowRule()),
            new CertificateRequestStore(jdbc), Clock.fixed(NOW, ZoneOffset.UTC));
    private final Caller user = new Caller("user", false, List.of(ON, OFF));
    private final Caller administrator = new Caller("admin", true, List.of());

    @BeforeEach
    void policies() {
        RenewalStore store = new RenewalStore(jdbc);
        store.savePolicy(new RenewalPolicy(ON, true, 30, null, true, "admin", NOW));
        store.savePolicy(new RenewalPolicy(OFF, false, 30, null, true, "admin", NOW));
        store.savePolicy(new RenewalPolicy(OTHER, false, 30, null, true, "admin", NOW));
    }

    private UUID certificate(String tenant, String status, String source, boolean autoManaged, Instant notAfter, Instant createdAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, not_before, not_after,
                    created_at, updated_at)
                values (:id, :tenant, 'EC_P256', :status, :source, :autoManaged, :notBefore, :notAfter, :created, :created)""",
                new MapSqlParameterSource("id", id).addValue("tenant", tenant).addValue("status", status)
                        .addValue("source", source).addValue("autoManaged", autoManaged)
                        .addValue("notBefore", Timestamp.from(NOW.minus(Duration.ofDays(60))))
                        .addValue("notAfter", notAfter == null ? null : Timestamp.from(notAfter)).addValue("created", Timestamp.from(createdAt)));
        jdbc.update("insert into certflow.certificate_domain (certificate_id, domain, position) values (:id, :name, 0)",
                new MapSqlParameterSource("id", id).addValue("name", "c" + id.toString().substring(0, 8) + ".example.test"));
        return id;
    }

    private UUID issued(String tenant, boolean autoManaged, int daysToExpiry) {
        return certificate(tenant, "ISSUED", "ISSUED", autoManaged, NOW.plus(Duration.ofDays(daysToExpiry)), NOW.minus(Duration.ofDays(60)));
    }

    private long notRenewedWithin(Caller caller, int days) {
        return certificates.count(caller, new Query(CertificateStatus.ISSUED, null, NOW.plus(Duration.ofDays(days)), null, null, null, null,
                null, false, null));
    }

    @Test
    void certificatesCertflowWillNotRenewAreCountedByTheRenewalRuleWithinTheCallersTenants() {
        issued(ON, true, 3);            // renewed: managed, policy on
        issued(ON, false, 3);           // not: not auto-managed
        issued(OFF, true, 5);           // not: the policy is off
        issued(ON, false, 20);          // not, but in 30 days only
        issued(ON, false, -2);          // not, expired already: the table's "expiring within" includes it
        issued(OTHER, false, 3);        // another tenant's
        certificate(ON, "ISSUED", "UPLOADED", false, NOW.plus(Duration.ofDays(6)), NOW); // an upload: not

        assertThat(notRenewedWithin(user, 7)).isEqualTo(4);
        assertThat(notRenewedWithin(user, 30)).isEqualTo(5);
        assertThat(notRenewedWithin(administrator, 7)).isEqualTo(5);
        assertThat(certificates.count(user, new Query(CertificateStatus.ISSUED, null, NOW.plus(Duration.ofDays(7)), null, null, null, null,
                null, true, null))).isEqualTo(1);
    }

    @Test
    void failedRequestsAreCountedSinceTheirRequestAndStatusesAreCountedTogether() {
        certificate(ON, "FAILED", "ISSUED", true, null, NOW.minus(Duration.ofDays(2)));
        certificate(OFF, "FAILED", "ISSUED", true, null, NOW.minus(Duration.ofDays(6)));
        certificate(ON, "FAILED", "ISSUED", true, null, NOW.minus(Duration.ofDays(8)));   // too long ago
        certificate(OTHER, "FAILED", "ISSUED", true, null, NOW.minus(Duration.ofDays(1)));
        issued(ON, true, 40);

        assertThat(certificates.count(user, new Query(CertificateStatus.FAILED, null, null, null, null, null, null, null, null,
                NOW.minus(Duration.ofDays(7))))).isEqualTo(2);
        assertThat(certificates.countByStatus(user)).isEqualTo(Map.of(CertificateStatus.FAILED, 3L, CertificateStatus.ISSUED, 1L));
        assertThat(certificates.countByStatus(administrator)).containsEntry(CertificateStatus.FAILED, 4L);
    }

    @Test
    void expiredCertificatesAreCountedAsServedOnlyWhileTheirDeploymentIsTheTargetsLatest() {
        UUID served = issued(ON, true, -1);
        UUID replacedOnTarget = issued(ON, true, -1);
        UUID successor = issued(ON, true, 80);
        deployment(ON, served, "web-1", DeploymentState.DEPLOYED, NOW.minus(Duration.ofDays(30)));
        deployment(ON, replacedOnTarget, "web-2", DeploymentState.DEPLOYED, NOW.minus(Duration.ofDays(30)));
        deployment(ON, successor, "web-2", DeploymentState.DEPLOYED, NOW.minus(Duration.ofDays(2)));

        assertThat(certificates.count(user, new Query(null, null, NOW, null, true, null, null, null))).isEqualTo(1);
    }

    @Test
    void aRenewalCountsAsFailedOnlyWhenItWasTheCertificatesLastAttemptAndTheCertificateIsStillInUse() {
        UUID failedLast = issued(ON, true, 5);
        UUID failedThenRetrying = issued(ON, true, 5);
        UUID superseded = certificate(ON, "SUPERSEDED", "ISSUED", true, NOW.plus(Duration.ofDays(5)), NOW);
        UUID others = issued(OTHER, true, 5);
        renewal(ON, failedLast, "FAILED", "the CA refused the name", NOW.minus(Duration.ofHours(3)));
        renewal(ON, failedThenRetrying, "FAILED", "first", NOW.minus(Duration.ofHours(5)));
        renewal(ON, failedThenRetrying, "ISSUING", null, NOW.minus(Duration.ofHours(1)));
        renewal(ON, superseded, "FAILED", "old", NOW.minus(Duration.ofHours(9)));
        renewal(OTHER, others, "FAILED", "not yours", NOW.minus(Duration.ofHours(2)));

        FailedRenewals.Failures failures = new FailedRenewals(jdbc).of(user, 10);

        assertThat(failures.total()).isEqualTo(1);
        assertThat(failures.latest()).singleElement().satisfies(failed -> {
            assertThat(failed.certificateId()).isEqualTo(failedLast);
            assertThat(failed.reason()).isEqualTo("the CA refused the name");
            assertThat(failed.name()).endsWith(".example.test");
        });
        assertThat(new FailedRenewals(jdbc).of(administrator, 10).total()).isEqualTo(2);
    }

    @Test
    void failedAndRolledBackDeploymentsOfTheLastDaysCountUnlessALaterDeploymentToTheTargetSucceeded() {
        UUID certificate = issued(ON, true, 50);
        deployment(ON, certificate, "web-1", DeploymentState.ROLLED_BACK, NOW.minus(Duration.ofDays(1)));
        deployment(ON, certificate, "web-2", DeploymentState.FAILED, NOW.minus(Duration.ofDays(2)));
        deployment(ON, certificate, "web-3", DeploymentState.FAILED, NOW.minus(Duration.ofDays(3)));
        deployment(ON, certificate, "web-3", DeploymentState.DEPLOYED, NOW.minus(Duration.ofDays(2)));   // put right
        deployment(ON, certificate, "web-4", DeploymentState.FAILED, NOW.minus(Duration.ofDays(9)));    // too long ago
        deployment(OTHER, issued(OTHER, true, 50), "web-1", DeploymentState.FAILED, NOW.minus(Duration.ofDays(1)));

        DeploymentFailures.Failures failures = new DeploymentFailures(jdbc).since(user, NOW.minus(Duration.ofDays(7)), 10);

        assertThat(failures.total()).isEqualTo(2);
        assertThat(failures.latest()).extracting(DeploymentFailures.Failed::targetName).containsExactly("web-1", "web-2");
        assertThat(new DeploymentFailures(jdbc).since(user, NOW.minus(Duration.ofDays(7)), 1).latest()).hasSize(1);
    }

    private final Map<String, UUID> targets = new java.util.HashMap<>();

    private void deployment(String tenant, UUID certificate, String target, DeploymentState state, Instant finishedAt) {
        UUID targetId = targets.computeIfAbsent(tenant + "/" + target, key -> {
            UUID id = UUID.randomUUID();
            jdbc.update("""
                    insert into certflow.deployment_target (id, tenant_id, name, kind, file_mode, key_mode, created_at, updated_at)
                    values (:id, :tenant, :name, 'PEM_FILES', '0644', '0600', :at, :at)""", new MapSqlParameterSource("id", id)
                    .addValue("tenant", tenant).addValue("name", target).addValue("at", Timestamp.from(NOW)));
            return id;
        });
        jdbc.update("""
                insert into certflow.deployment (id, tenant_id, certificate_id, target_id, target_name, state, reason, expected_serial,
                    expected_fingerprint, created_at, updated_at, finished_at)
                values (:id, :tenant, :certificate, :targetId, :target, :state, 'why', '01', 'ab', :at, :at, :at)""",
                new MapSqlParameterSource("id", UUID.randomUUID()).addValue("tenant", tenant).addValue("certificate", certificate)
                        .addValue("targetId", targetId)
                        .addValue("target", target).addValue("state", state.name()).addValue("at", Timestamp.from(finishedAt)));
    }

    private void renewal(String tenant, UUID certificate, String state, String reason, Instant at) {
        jdbc.update("""
                insert into certflow.renewal (id, tenant_id, certificate_id, state, reason, created_at, updated_at, finished_at)
                values (:id, :tenant, :certificate, :state, :reason, :at, :at, :finished)""",
                new MapSqlParameterSource("id", UUID.randomUUID()).addValue("tenant", tenant).addValue("certificate", certificate)
                        .addValue("state", state).addValue("reason", reason).addValue("at", Timestamp.from(at))
                        .addValue("finished", "FAILED".equals(state) ? Timestamp.from(at) : null));
    }
}
