package io.certflow.autossl.run;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.certflow.autossl.provider.AutoSslProviderState;
import io.certflow.autossl.provider.ProviderSettings;
import io.certflow.issuer.Issuer;

/** What a run asks of the provider: whether it may order now, and how many names one certificate holds. */
@Component
public class ProviderGate {

    private final AutoSslProviderState state;
    private final ProviderSettings capabilities;

    public ProviderGate(AutoSslProviderState state, ProviderSettings capabilities) {
        this.state = state;
        this.capabilities = capabilities;
    }

    /** Why AutoSSL orders nothing now (no provider, or its terms not accepted), or empty. */
    public Optional<String> pauseReason(String tenantId) {
        return state.pauseReason(tenantId);
    }

    public int namesPerCertificate(Issuer provider) {
        return Math.max(1, capabilities.capabilitiesOf(provider).namesPerCertificate());
    }
}
