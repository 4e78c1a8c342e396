package io.certflow.autossl.provider;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerType;
import io.certflow.security.Caller;

/**
 * The providers AutoSSL may order from (the tenant's issuers, and DISABLED) and the choice of one: every member reads
 * them, only the tenant's administrators choose. A provider whose CA asks for terms of service is chosen only with them
 * accepted, through the issuer's own terms handling ({@link IssuerService#acceptTerms}).
 */
@Service
@Transactional
public class AutoSslProviderService {

    /** The provider that turns AutoSSL off: it orders nothing. */
    public static final String DISABLED = "DISABLED";

    private final AutoSslSettingsStore settings;
    private final IssuerService issuers;
    private final AutoSslProviderState state;
    private final ProviderSettings capabilities;
    private final UsabilityScore score;
    private final Clock clock;

    public AutoSslProviderService(AutoSslSettingsStore settings, IssuerService issuers, AutoSslProviderState state,
                                  ProviderSettings capabilities, Clock clock) {
        this.settings = settings;
        this.issuers = issuers;
        this.state = state;
        this.capabilities = capabilities;
        this.score = new UsabilityScore(capabilities.score());
        this.clock = clock;
    }

    /**
     * One provider as the panel lists it; DISABLED has no issuer, type, terms or capabilities, and no stars.
     *
     * @param termsOfService the terms URL the CA asks to be accepted now; null when it names none
     * @param termsAccepted  false while the CA's current terms are to be accepted before AutoSSL may order from it
     */
    public record Provider(String provider, UUID issuerId, IssuerType type, boolean selected, String termsOfService,
                           boolean termsAccepted, ProviderCapabilities capabilities, int stars, Map<String, Integer> starsBreakdown) {
    }

    /** @param pauseReason why AutoSSL orders nothing now (see {@link AutoSslProviderState#pauseReason}); null when it orders */
    public record Providers(String tenant, List<Provider> providers, String pauseReason) {
    }

    /** What the API sends to choose a provider. */
    public record ProviderChoice(String tenant, String provider, Boolean acceptTerms) {
    }

    @Transactional(readOnly = true)
    public Providers list(Caller caller, String tenant) {
        return providersOf(caller, caller.tenantForNewRow(tenant));
    }

    /**
     * Makes the named issuer (or DISABLED) the tenant's provider. A CA whose current terms nobody accepted needs
     * {@code acceptTerms: true}, which accepts them as {@code POST /api/issuers/{id}/terms} would; without it the
     * request is refused naming the terms, and nothing changes.
     */
    public Providers choose(Caller caller, ProviderChoice choice) {
        String tenantId = caller.tenantForNewRow(choice.tenant());
        caller.requireAdministratorOf(tenantId, "choose AutoSSL's provider");
        if (choice.provider() == null || choice.provider().isBlank()) {
            throw new InvalidRequestException("provider: required, the name of one of the tenant's issuers, or " + DISABLED);
        }
        UUID providerIssuerId = null;
        if (!DISABLED.equals(choice.provider())) {
            Issuer issuer = issuers.findVisible(caller, tenantId, choice.provider())
                    .orElseThrow(() -> new NotFoundException("Issuer", "'" + choice.provider() + "' of tenant " + tenantId));
            if (AutoSslProviderState.termsPending(issuer).isPresent()) {
                if (!Boolean.TRUE.equals(choice.acceptTerms())) {
                    throw new InvalidRequestException("acceptTerms: provider '" + issuer.name() + "' asks you to accept its terms of"
                            + " service" + (issuer.termsRequiredUrl() == null ? "" : " at " + issuer.termsRequiredUrl())
                            + "; read them and send acceptTerms: true to accept them");
                }
                issuers.acceptTerms(caller, issuer.id(), issuer.termsRequiredUrl());
            }
            providerIssuerId = issuer.id();
        }
        AutoSslSettings current = settings.find(tenantId);
        settings.save(new AutoSslSettings(tenantId, providerIssuerId, current.defaultEnabled(), current.replaceNonAutoSsl(),
                current.userLevel(), current.adminLevel(), caller.userId(), clock.instant()));
        return providersOf(caller, tenantId);
    }

    private Providers providersOf(Caller caller, String tenantId) {
        UUID selected = settings.find(tenantId).providerIssuerId();
        List<Provider> providers = new ArrayList<>();
        issuers.list(caller).stream()
                .filter(issuer -> issuer.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(Issuer::name))
                .forEach(issuer -> providers.add(providerOf(issuer, issuer.id().equals(selected))));
        providers.add(new Provider(DISABLED, null, null, selected == null, null, true, null, 0, null));
        Optional<String> pauseReason = state.pauseReason(tenantId);
        return new Providers(tenantId, providers, pauseReason.orElse(null));
    }

    private Provider providerOf(Issuer issuer, boolean selected) {
        ProviderCapabilities offered = capabilities.capabilitiesOf(issuer);
        return new Provider(issuer.name(), issuer.id(), issuer.type(), selected, issuer.termsRequiredUrl(),
                AutoSslProviderState.termsPending(issuer).isEmpty(), offered, score.stars(offered), score.breakdown(offered));
    }
}
