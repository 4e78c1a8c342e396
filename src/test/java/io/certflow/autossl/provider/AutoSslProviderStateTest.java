package io.certflow.autossl.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.autossl.provider.AutoSslProviderService.Provider;
import io.certflow.autossl.provider.AutoSslProviderService.ProviderChoice;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;
import io.certflow.security.Caller;
import io.certflow.security.RoleRequiredException;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/**
 * When AutoSSL may order from its provider, and choosing one with its terms, on the real stores; the issuer's terms
 * handling is IssuerService's own, with a recording stand-in for the engine's terms tasks.
 */
class AutoSslProviderStateTest {

    private static final String TENANT = "hosting-a";
    private static final String TERMS_V1 = "https://ca.example/terms-v1.pdf";
    private static final String TERMS_V2 = "https://ca.example/terms-v2.pdf";

    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T08:00:00Z"));
    private final Caller administrator = new Caller("ada", false, List.of(TENANT), Set.of(TENANT), Set.of(TENANT)::contains);
    private final Caller member = new Caller("max", false, List.of(TENANT));
    private final List<UUID> termsTasksReleased = new ArrayList<>();

    private IssuerStore issuerStore;
    private AutoSslSettingsStore settings;
    private AutoSslProviderState state;
    private AutoSslProviderService providers;

    @BeforeEach
    void services() {
        var jdbc = InMemoryDatabase.migrated();
        issuerStore = new IssuerStore(jdbc);
        settings = new AutoSslSettingsStore(jdbc);
        // Only the parts of IssuerService that read issuers and accept terms are used here.
        IssuerService issuers = new IssuerService(issuerStore, null, null, null, null, (issuerId, userId) -> termsTasksReleased.add(issuerId),
                clock, new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource()));
        state = new AutoSslProviderState(settings, issuers);
        providers = new AutoSslProviderService(settings, issuers, state, ProviderSettings.builtIn(), clock);
    }

    private Issuer acme(String name, String tenant, String agreed, String required) {
        Issuer issuer = new Issuer(UUID.randomUUID(), tenant, name, IssuerType.ACME, "https://ca.example/dir", null, agreed,
                agreed == null ? null : clock.instant(), agreed == null ? null : "ada", required, null, null, null, null, null, null,
                clock.instant(), null, false, null);
        issuerStore.insert(issuer);
        return issuer;
    }

    private Issuer privateCa(String name) {
        Issuer issuer = new Issuer(UUID.randomUUID(), TENANT, name, IssuerType.PRIVATE_CA, null, null, null, null, null, null, null,
                null, null, null, null, null, clock.instant(), null, false, null);
        issuerStore.insert(issuer);
        return issuer;
    }

    private void provider(Issuer issuer) {
        AutoSslSettings defaults = AutoSslSettings.defaults(TENANT);
        settings.save(new AutoSslSettings(TENANT, issuer.id(), defaults.defaultEnabled(), defaults.replaceNonAutoSsl(),
                defaults.userLevel(), defaults.adminLevel(), "ada", clock.instant()));
    }

    @Test
    void aTenantThatNeverChoseAProviderIsPausedBecauseItsProviderIsDisabled() {
        assertThat(state.pauseReason(TENANT)).hasValue(
                "AutoSSL's provider is DISABLED: an administrator chooses one with PUT /api/autossl/provider");
    }

    @Test
    void aProviderWhoseCurrentTermsWereAcceptedOrAPrivateCaIsNotPaused() {
        provider(acme("le", TENANT, TERMS_V1, TERMS_V1));
        assertThat(state.pauseReason(TENANT)).isEmpty();

        provider(privateCa("internal"));
        assertThat(state.pauseReason(TENANT)).isEmpty();
    }

    @Test
    void aProviderWhoseCaChangedItsTermsIsPausedNamingTheNewTermsAndHowToAcceptThem() {
        Issuer le = acme("le", TENANT, TERMS_V1, TERMS_V1);
        provider(le);

        // As AcmeGateway records it when the CA's directory names other terms.
        issuerStore.recordTermsRequired(le.id(), TERMS_V2);

        assertThat(state.pauseReason(TENANT)).hasValue("Provider 'le' changed its terms of service (" + TERMS_V2 + ") since they were"
                + " accepted (" + TERMS_V1 + "): AutoSSL is paused until an administrator accepts them with PUT /api/autossl/provider"
                + " {\"provider\": \"le\", \"acceptTerms\": true}");
    }

    @Test
    void aProviderWhoseTermsWereNeverAcceptedIsPaused() {
        provider(acme("le", TENANT, null, TERMS_V1));

        assertThat(state.pauseReason(TENANT)).get().asString().startsWith("The terms of service of provider 'le' (" + TERMS_V1
                + ") were never accepted: AutoSSL is paused");
    }

    @Test
    void acceptingTheChangedTermsThroughTheProviderChoiceEndsThePause() {
        Issuer le = acme("le", TENANT, TERMS_V1, TERMS_V1);
        provider(le);
        issuerStore.recordTermsRequired(le.id(), TERMS_V2);

        providers.choose(administrator, new ProviderChoice(null, "le", true));

        assertThat(state.pauseReason(TENANT)).isEmpty();
        Issuer accepted = issuerStore.findById(le.id()).orElseThrow();
        assertThat(accepted.termsAgreedUrl()).isEqualTo(TERMS_V2);
        assertThat(accepted.termsAgreedBy()).isEqualTo("ada");
        assertThat(termsTasksReleased).as("requests waiting for the terms go on").containsExactly(le.id());
    }

    @Test
    void choosingAProviderWithPendingTermsWithoutAcceptingThemIsRefusedNamingTheTermsAndChangesNothing() {
        Issuer le = acme("le", TENANT, null, TERMS_V1);

        assertThatThrownBy(() -> providers.choose(administrator, new ProviderChoice(null, "le", false)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("acceptTerms: provider 'le' asks you to accept its terms of service at " + TERMS_V1);
        assertThatThrownBy(() -> providers.choose(administrator, new ProviderChoice(null, "le", null)))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(settings.find(TENANT).providerDisabled()).isTrue();
        assertThat(issuerStore.findById(le.id()).orElseThrow().termsAgreedAt()).isNull();
        assertThat(termsTasksReleased).isEmpty();
    }

    @Test
    void disabledTurnsAutoSslOffAndIsListedSelected() {
        provider(privateCa("internal"));

        var listed = providers.choose(administrator, new ProviderChoice(null, "DISABLED", null));

        assertThat(settings.find(TENANT).providerIssuerId()).isNull();
        assertThat(listed.providers()).filteredOn(Provider::selected).extracting(Provider::provider).containsExactly("DISABLED");
        assertThat(listed.pauseReason()).contains("DISABLED");
    }

    @Test
    void onlyAdministratorsChooseAndAnotherTenantsIssuerIsNotFound() {
        privateCa("internal");
        acme("theirs", "hosting-b", TERMS_V1, TERMS_V1);

        assertThatThrownBy(() -> providers.choose(member, new ProviderChoice(null, "internal", null)))
                .isInstanceOf(RoleRequiredException.class);
        assertThatThrownBy(() -> providers.choose(administrator, new ProviderChoice(null, "theirs", true)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> providers.choose(administrator, new ProviderChoice(null, " ", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("provider: required");
        assertThat(settings.find(TENANT).providerDisabled()).isTrue();
    }

    @Test
    void theListingShowsEachIssuerWithItsTermsCapabilitiesAndStarsAndDisabledLast() {
        acme("le", TENANT, null, TERMS_V1);
        Issuer internal = privateCa("internal");
        acme("theirs", "hosting-b", TERMS_V1, TERMS_V1);
        provider(internal);

        var listed = providers.list(member, null);

        assertThat(listed.tenant()).isEqualTo(TENANT);
        assertThat(listed.providers()).extracting(Provider::provider).containsExactly("internal", "le", "DISABLED");
        Provider le = listed.providers().get(1);
        assertThat(le.termsOfService()).isEqualTo(TERMS_V1);
        assertThat(le.termsAccepted()).isFalse();
        assertThat(le.stars()).isEqualTo(7);
        assertThat(le.capabilities().ordersPerHour()).isEqualTo(Issuer.DEFAULT_ACME_ORDERS_PER_HOUR);
        Provider chosen = listed.providers().get(0);
        assertThat(chosen.selected()).isTrue();
        assertThat(chosen.termsAccepted()).isTrue();
        assertThat(chosen.stars()).isEqualTo(4);
        assertThat(listed.providers().get(2).stars()).isZero();
        assertThat(listed.pauseReason()).isNull();
    }
}
