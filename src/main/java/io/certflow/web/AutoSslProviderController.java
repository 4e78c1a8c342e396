package io.certflow.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsService;
import io.certflow.autossl.AutoSslSettingsService.Options;
import io.certflow.autossl.provider.AutoSslProviderService;
import io.certflow.autossl.provider.AutoSslProviderService.Provider;
import io.certflow.autossl.provider.AutoSslProviderService.ProviderChoice;
import io.certflow.autossl.provider.AutoSslProviderService.Providers;
import io.certflow.autossl.provider.ProviderCapabilities;
import io.certflow.autossl.provider.ProviderCapabilities.ValidationOffer;
import io.certflow.autossl.provider.UsabilityScore;
import io.certflow.issuer.IssuerType;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * AutoSSL's provider (with its terms and usability score) and a tenant's AutoSSL options. The tenant is {@code ?tenant=}
 * or the body's {@code tenant}, else the caller's only tenant.
 */
@RestController
@RequestMapping(value = "/api/autossl", produces = MediaType.APPLICATION_JSON_VALUE)
class AutoSslProviderController {

    private final AutoSslProviderService providers;
    private final AutoSslSettingsService settings;

    AutoSslProviderController(AutoSslProviderService providers, AutoSslSettingsService settings) {
        this.providers = providers;
        this.settings = settings;
    }

    record ProviderBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant,
                        @Size(max = Limits.NAME, message = Limits.CHARACTERS) String provider, Boolean acceptTerms) {
    }

    @Schema(name = "AutoSslSettingsBody")
    record SettingsBody(@Size(max = Limits.TENANT, message = Limits.CHARACTERS) String tenant, Boolean defaultEnabled,
                        Boolean replaceNonAutoSsl, @Size(max = Limits.WORD, message = Limits.CHARACTERS) String userLevel,
                        @Size(max = Limits.WORD, message = Limits.CHARACTERS) String adminLevel) {
    }

    @Schema(name = "AutoSslSettingsView")
    record SettingsView(String tenant, String provider, boolean defaultEnabled, boolean replaceNonAutoSsl, NotificationLevel userLevel,
                        NotificationLevel adminLevel, List<String> warnings, String updatedBy, Instant updatedAt) {
        static SettingsView of(AutoSslSettingsService.View view) {
            AutoSslSettings s = view.settings();
            return new SettingsView(s.tenantId(), view.provider(), s.defaultEnabled(), s.replaceNonAutoSsl(), s.userLevel(),
                    s.adminLevel(), view.warnings(), s.updatedBy(), s.updatedAt());
        }
    }

    /**
     * @param ordersPerHour null: unlimited
     */
    record CapabilitiesView(List<ValidationOffer> validationMethods, int namesPerCertificate, String deliveryMethod,
                            long averageDeliverySeconds, long validityDays, int maxRedirects, Integer ordersPerHour, boolean wildcards) {
        static CapabilitiesView of(ProviderCapabilities c) {
            return c == null ? null : new CapabilitiesView(c.validation(), c.namesPerCertificate(), c.deliveryMethod(),
                    c.averageDeliveryTime().toSeconds(), c.validity().toDays(), c.maxRedirects(), c.ordersPerHour(), c.wildcards());
        }
    }

    record ProviderView(String provider, UUID issuerId, IssuerType type, boolean selected, String termsOfService, boolean termsAccepted,
                        CapabilitiesView capabilities, int stars, Map<String, Integer> starsBreakdown) {
        static ProviderView of(Provider p) {
            return new ProviderView(p.provider(), p.issuerId(), p.type(), p.selected(), p.termsOfService(), p.termsAccepted(),
                    CapabilitiesView.of(p.capabilities()), p.stars(), p.starsBreakdown());
        }
    }

    /** @param pauseReason why AutoSSL orders nothing now; absent while it orders */
    record ProvidersView(String tenant, List<ProviderView> providers, int maxStars, String pauseReason) {
        static ProvidersView of(Providers providers) {
            return new ProvidersView(providers.tenant(), providers.providers().stream().map(ProviderView::of).toList(),
                    UsabilityScore.MAX_STARS, providers.pauseReason());
        }
    }

    /** The tenant's issuers and DISABLED, each with its terms, capabilities and stars; any member. */
    @GetMapping("/providers")
    ProvidersView providers(Caller caller, @RequestParam(required = false) String tenant) {
        return ProvidersView.of(providers.list(caller, tenant));
    }

    /** Chooses the provider (tenant administrators only); a CA's pending terms need {@code acceptTerms: true}. */
    @PutMapping(value = "/provider", consumes = MediaType.APPLICATION_JSON_VALUE)
    ProvidersView choose(Caller caller, @Valid @RequestBody ProviderBody body) {
        return ProvidersView.of(providers.choose(caller, new ProviderChoice(body.tenant(), body.provider(), body.acceptTerms())));
    }

    @GetMapping("/settings")
    SettingsView settings(Caller caller, @RequestParam(required = false) String tenant) {
        return SettingsView.of(settings.get(caller, tenant));
    }

    /** Replaces the options whole (tenant administrators only). */
    @PutMapping(value = "/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    SettingsView putSettings(Caller caller, @Valid @RequestBody SettingsBody body) {
        return SettingsView.of(settings.put(caller, body.tenant(),
                new Options(body.defaultEnabled(), body.replaceNonAutoSsl(), body.userLevel(), body.adminLevel())));
    }
}
