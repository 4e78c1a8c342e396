package io.certflow.renewal;

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
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationLevel;
import io.certflow.notification.NotificationService;
import io.certflow.testing.InMemoryDatabase;

/** Which AutoSSL certificates the expiry warnings treat as renewed: those of accounts AutoSSL checks, with a provider. */
class ExpiryWarningsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String TENANT = "hosting";

    private final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
    private final NotificationService notifications = Mockito.mock(NotificationService.class);
    private final ExpiryWarnings warnings = new ExpiryWarnings(jdbc, new CertificateStore(jdbc), notifications, Clock.fixed(NOW, ZoneOffset.UTC));
    private UUID issuer;

    @BeforeEach
    void anIssuer() {
        issuer = UUID.randomUUID();
        new IssuerStore(jdbc).insert(new Issuer(issuer, TENANT, "le", IssuerType.ACME, "https://ca.test/dir", null, null, null, null, null,
                null, null, null, null, null, null, NOW, null, false, null));
    }

    private void provider(boolean chosen) {
        new AutoSslSettingsStore(jdbc).save(new AutoSslSettings(TENANT, chosen ? issuer : null, true, false, NotificationLevel.DEFAULT,
                NotificationLevel.DEFAULT, "admin", NOW));
    }

    private UUID account(String name, String override) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.hosting_account (id, tenant_id, name, autossl_override, created_at, updated_at)
                values (:id, :t, :n, :o, :at, :at)""",
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource("id", id).addValue("t", TENANT).addValue("n", name)
                        .addValue("o", override).addValue("at", Timestamp.from(NOW)));
        return id;
    }

    /** An issued AutoSSL certificate of the account for {@code name}, expiring in five days. */
    private UUID autoSslCertificate(UUID account, String name) {
        UUID id = UUID.randomUUID();
        new CertificateStore(jdbc).insert(new Certificate(id, TENANT, issuer, List.of(name), KeyType.DEFAULT, CertificateStatus.ISSUED, null,
                CertificateSource.ISSUED, true, null, null, null, null, null, NOW, NOW, false, null));
        jdbc.update("update certflow.certificate set autossl_account_id = :a, not_before = :nb, not_after = :na where id = :id",
                Map.of("a", account, "nb", Timestamp.from(NOW.minus(Duration.ofDays(85))), "na", Timestamp.from(NOW.plus(Duration.ofDays(5))),
                        "id", id));
        return id;
    }

    private List<String> warnedOf() {
        warnings.warnNextPage(null, 100);
        ArgumentCaptor<Notification> raised = ArgumentCaptor.forClass(Notification.class);
        Mockito.verify(notifications, Mockito.atLeast(0)).raise(raised.capture());
        return raised.getAllValues().stream().filter(n -> n.kind() == NotificationKind.WARNING).map(Notification::subject).toList();
    }

    @Test
    void anAutoSslCertificateOfAnAccountAutoSslChecksIsNotWarnedOfItsRunRenewsIt() {
        provider(true);
        autoSslCertificate(account("alpha", null), "alpha.test");

        assertThat(warnedOf()).isEmpty();
    }

    @Test
    void anAutoSslCertificateOfAnAccountAutoSslIsOffForIsWarnedOfNothingWillRenewIt() {
        provider(true);
        autoSslCertificate(account("beta", "DISABLE"), "beta.test");

        assertThat(warnedOf()).containsExactly("Expires in 7 days: beta.test");
    }

    @Test
    void anAutoSslCertificateOfATenantWhoseProviderIsDisabledIsWarnedOf() {
        provider(false);
        autoSslCertificate(account("gamma", "ENABLE"), "gamma.test");

        assertThat(warnedOf()).containsExactly("Expires in 7 days: gamma.test");
    }
}
