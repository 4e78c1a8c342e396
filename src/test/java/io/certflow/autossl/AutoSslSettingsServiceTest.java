package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.certflow.autossl.AutoSslSettingsService.Options;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerStore;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.Caller;
import io.certflow.security.RoleRequiredException;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** A tenant's AutoSSL options as the API changes them, on the real store. */
class AutoSslSettingsServiceTest {

    private static final String TENANT = "hosting-a";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T08:00:00Z"));
    private final Caller administrator = new Caller("ada", false, List.of(TENANT), Set.of(TENANT), Set.of(TENANT)::contains);
    private final Caller member = new Caller("max", false, List.of(TENANT));
    private final Caller stranger = new Caller("olga", false, List.of("hosting-b"), Set.of("hosting-b"), Set.of("hosting-b")::contains);

    private AutoSslSettingsStore store;
    private AutoSslSettingsService service;

    @BeforeEach
    void service() {
        var jdbc = InMemoryDatabase.migrated();
        store = new AutoSslSettingsStore(jdbc);
        service = new AutoSslSettingsService(store, new IssuerService(new IssuerStore(jdbc), null, null, null, null, null, clock,
                new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource())), clock);
    }

    @Test
    void aTenantThatNeverSetAnythingHasTheDefaultsAndNoWarning() {
        AutoSslSettingsService.View view = service.get(member, null);

        assertThat(view.settings().defaultEnabled()).isTrue();
        assertThat(view.settings().replaceNonAutoSsl()).isFalse();
        assertThat(view.settings().userLevel()).isEqualTo(NotificationLevel.FAILURES_WARNINGS_DEFERRALS);
        assertThat(view.settings().adminLevel()).isEqualTo(NotificationLevel.FAILURES_WARNINGS_DEFERRALS);
        assertThat(view.provider()).isEqualTo("DISABLED");
        assertThat(view.warnings()).isEmpty();
    }

    @Test
    void replacingNonAutoSslCertificatesIsStoredWithTheWarningThatItMayReplaceAnEvOrOvCertificate() {
        AutoSslSettingsService.View view = service.put(administrator, TENANT, new Options(false, true, "FAILURES_ONLY", "ALL"));

        assertThat(view.warnings()).containsExactly(
                "Replacing certificates AutoSSL did not issue may replace an EV or OV certificate with a DV certificate");
        AutoSslSettings stored = store.find(TENANT);
        assertThat(stored.defaultEnabled()).isFalse();
        assertThat(stored.replaceNonAutoSsl()).isTrue();
        assertThat(stored.userLevel()).isEqualTo(NotificationLevel.FAILURES_ONLY);
        assertThat(stored.adminLevel()).isEqualTo(NotificationLevel.ALL);
        assertThat(stored.updatedBy()).isEqualTo("ada");
        assertThat(service.get(member, TENANT).warnings()).as("also when read").hasSize(1);
    }

    @Test
    void badLevelNamesAndMissingFieldsAreRefusedNamingEachFieldAndNothingIsStored() {
        assertThatThrownBy(() -> service.put(administrator, TENANT, new Options(true, false, "EVERYTHING", "failures_only")))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).problems()).containsExactly(
                        "userLevel: 'EVERYTHING' is not a level; one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED",
                        "adminLevel: 'failures_only' is not a level; one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED"));
        assertThatThrownBy(() -> service.put(administrator, TENANT, new Options(null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                        .containsExactly("defaultEnabled", "replaceNonAutoSsl", "userLevel", "adminLevel"));

        assertThat(store.find(TENANT).updatedAt()).as("nothing stored").isNull();
    }

    @Test
    void onlyAdministratorsChangeTheOptionsAndAnotherTenantIsNotFound() {
        Options options = new Options(true, true, "ALL", "ALL");

        assertThatThrownBy(() -> service.put(member, TENANT, options)).isInstanceOf(RoleRequiredException.class);
        assertThatThrownBy(() -> service.put(stranger, TENANT, options)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.get(stranger, TENANT)).isInstanceOf(NotFoundException.class);
        assertThat(store.find(TENANT).updatedAt()).isNull();
    }

    @Test
    void theProviderIsKeptWhenTheOptionsChange() {
        var jdbc = InMemoryDatabase.migrated();
        AutoSslSettingsStore own = new AutoSslSettingsStore(jdbc);
        jdbc.getJdbcTemplate().update("""
                insert into certflow.issuer (id, tenant_id, name, type, created_at, approval_required)
                values ('6d0f0c0e-0000-4000-8000-000000000001', 'hosting-a', 'internal', 'PRIVATE_CA', current_timestamp, false)""");
        own.save(new AutoSslSettings(TENANT, java.util.UUID.fromString("6d0f0c0e-0000-4000-8000-000000000001"), true, false,
                NotificationLevel.ALL, NotificationLevel.ALL, "ada", clock.instant()));
        AutoSslSettingsService withProvider = new AutoSslSettingsService(own, new IssuerService(new IssuerStore(jdbc), null, null,
                null, null, null, clock, new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource())), clock);

        AutoSslSettingsService.View view = withProvider.put(administrator, TENANT, new Options(false, false, "DISABLED", "ALL"));

        assertThat(view.provider()).isEqualTo("internal");
        assertThat(own.find(TENANT).providerIssuerId()).isNotNull();
    }
}
