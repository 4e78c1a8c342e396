package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateService;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.error.ConflictException;
import io.certflow.error.NotFoundException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;
import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;

/** Renew now on the real stores, with the engine replaced by the list of renewals it was asked to start. */
class RenewNowTest {

    private static final Instant NOW = Instant.parse("2030-06-01T03:00:00Z");
    private static final String TENANT = "tenant-a";

    private final List<Renewal> started = new ArrayList<>();
    private final Caller member = new Caller("max", false, List.of(TENANT));
    private NamedParameterJdbcTemplate jdbc;
    private RenewNow renewNow;
    private UUID issuer;

    @BeforeEach
    void aTenantWithAnIssuer() {
        jdbc = InMemoryDatabase.migrated();
        issuer = UUID.randomUUID();
        new IssuerStore(jdbc).insert(new Issuer(issuer, TENANT, "ca", IssuerType.PRIVATE_CA, null, null, null, null, null, null, null, null,
                null, null, null, null, NOW, null, false, null));
        RenewalWorkflow workflow = new RenewalWorkflow() {
            @Override
            public String startRun(RenewalRun run) {
                throw new AssertionError("renew now starts no run");
            }

            @Override
            public String startRenewal(Renewal renewal, Instant beginsAt) {
                assertThat(beginsAt).as("at once").isEqualTo(NOW);
                started.add(renewal);
                return "renewal-" + renewal.id();
            }

            @Override
            public Instant nextScheduledRun() {
                return null;
            }
        };
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CertificateStore certificates = new CertificateStore(jdbc);
        renewNow = new RenewNow(new CertificateService(certificates, new CertificateRequestStore(jdbc), clock), new RenewalStore(jdbc),
                workflow, clock);
    }

    private UUID certificate(String tenant, CertificateSource source, CertificateStatus status, boolean autoManaged) {
        UUID id = UUID.randomUUID();
        new CertificateStore(jdbc).insert(new Certificate(id, tenant, source == CertificateSource.ISSUED ? issuer : null,
                List.of("www.example.test"), KeyType.DEFAULT, status, null, source, autoManaged, null, null, null, null, null, NOW, NOW,
                false, null));
        return id;
    }

    @Test
    void aCertificateThatIsNotAutoManagedIsRenewedAtOnceAndOnlyOnceWhileItsRenewalIsInFlight() {
        UUID id = certificate(TENANT, CertificateSource.ISSUED, CertificateStatus.ISSUED, false);

        Renewal renewal = renewNow.renew(member, id);

        assertThat(renewal.state()).isEqualTo(RenewalState.ISSUING);
        assertThat(renewal.runId()).as("no run").isNull();
        assertThat(renewal.processInstanceId()).isEqualTo("renewal-" + renewal.id());
        assertThatThrownBy(() -> renewNow.renew(member, id)).isInstanceOf(ConflictException.class).hasMessageContaining("being renewed");
        assertThat(started).extracting(Renewal::certificateId).containsExactly(id);
    }

    @Test
    void anUploadASupersededAndAnAutoSslCertificateAreRefusedAndNothingStarts() {
        UUID upload = certificate(TENANT, CertificateSource.UPLOADED, CertificateStatus.ISSUED, false);
        UUID superseded = certificate(TENANT, CertificateSource.ISSUED, CertificateStatus.SUPERSEDED, true);
        UUID autossl = certificate(TENANT, CertificateSource.ISSUED, CertificateStatus.ISSUED, true);
        UUID account = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.hosting_account (id, tenant_id, name, contact_email, created_at, updated_at)
                values (:id, :tenant, 'shop', 'shop@example.test', :now, :now)""",
                new MapSqlParameterSource("id", account).addValue("tenant", TENANT).addValue("now", Timestamp.from(NOW)));
        jdbc.update("update certflow.certificate set autossl_account_id = :account where id = :id",
                new MapSqlParameterSource("account", account).addValue("id", autossl));

        assertThatThrownBy(() -> renewNow.renew(member, upload)).isInstanceOf(ConflictException.class).hasMessageContaining("uploaded")
                .hasMessageContaining("/replace");
        assertThatThrownBy(() -> renewNow.renew(member, superseded)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("SUPERSEDED");
        assertThatThrownBy(() -> renewNow.renew(member, autossl)).isInstanceOf(ConflictException.class).hasMessageContaining("AutoSSL");
        assertThat(started).isEmpty();
    }

    @Test
    void anotherTenantsCertificateIsNotFound() {
        UUID theirs = certificate("tenant-b", CertificateSource.ISSUED, CertificateStatus.ISSUED, true);

        assertThatThrownBy(() -> renewNow.renew(member, theirs)).isInstanceOf(NotFoundException.class);
        assertThat(started).isEmpty();
    }
}
