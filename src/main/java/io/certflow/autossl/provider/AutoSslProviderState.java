package io.certflow.autossl.provider;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerType;

/**
 * Whether AutoSSL may order from its provider now. A run asks before it orders anything and ends PAUSED with the reason,
 * which its status shows, until an administrator acts: chooses a provider, or accepts the CA's new terms of service.
 */
@Service
public class AutoSslProviderState {

    private final AutoSslSettingsStore settings;
    private final IssuerService issuers;

    public AutoSslProviderState(AutoSslSettingsStore settings, IssuerService issuers) {
        this.settings = settings;
        this.issuers = issuers;
    }

    /**
     * Why AutoSSL cannot order for the tenant now, in words for the run's status and log; empty when it can: the provider
     * is DISABLED, or its CA asks for terms of service nobody accepted (never, or not since the CA changed them).
     */
    @Transactional(readOnly = true)
    public Optional<String> pauseReason(String tenantId) {
        AutoSslSettings current = settings.find(tenantId);
        if (current.providerDisabled()) {
            return Optional.of("AutoSSL's provider is DISABLED: an administrator chooses one with PUT /api/autossl/provider");
        }
        Optional<Issuer> provider = issuers.findIssuer(current.providerIssuerId());
        if (provider.isEmpty()) {
            return Optional.of("AutoSSL's provider no longer exists: an administrator chooses one with PUT /api/autossl/provider");
        }
        return termsPending(provider.get());
    }

    /**
     * Why the issuer's CA does not let AutoSSL order yet: its terms of service are to be accepted. The rule is the issuer's
     * own ({@link Issuer#termsAccepted()}, which the ACME account and every order follow), so AutoSSL pauses exactly when its
     * orders would wait for the terms.
     */
    static Optional<String> termsPending(Issuer issuer) {
        if (issuer.type() != IssuerType.ACME || issuer.termsAccepted()) {
            return Optional.empty();
        }
        String accept = ": AutoSSL is paused until an administrator accepts them with PUT /api/autossl/provider"
                + " {\"provider\": \"" + issuer.name() + "\", \"acceptTerms\": true}";
        String terms = issuer.termsRequiredUrl() == null ? "" : " (" + issuer.termsRequiredUrl() + ")";
        if (issuer.termsAgreedAt() == null) {
            return Optional.of("The terms of service of provider '" + issuer.name() + "'" + terms + " were never accepted" + accept);
        }
        return Optional.of("Provider '" + issuer.name() + "' changed its terms of service" + terms + " since they were accepted"
                + (issuer.termsAgreedUrl() == null ? "" : " (" + issuer.termsAgreedUrl() + ")") + accept);
    }
}
