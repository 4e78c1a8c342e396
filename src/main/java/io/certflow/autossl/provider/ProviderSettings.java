package io.certflow.autossl.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import io.certflow.certificate.ValidationMethod;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerType;

/**
 * The capabilities of AutoSSL's providers where the CA does not say them, and the usability score's thresholds
 * ({@code certflow.autossl.providers}). Values left out of the configuration are the built-in ones below, which
 * application.yml spells out.
 *
 * @param defaults per issuer type
 * @param issuers  per issuer name (in every tenant), each value given winning over its type's default; a name with
 *                 capitals or dots is written in brackets: {@code issuers."[Sectigo.DV]".names-per-certificate}
 * @param score    what earns the one-star capabilities
 */
@ConfigurationProperties("certflow.autossl.providers")
public record ProviderSettings(Defaults defaults, Map<String, CapabilityValues> issuers, UsabilityThresholds score) {

    /** Modeled on Let's Encrypt: http-01 and dns-01 without ancestor validation, 100 names, about a minute, 90 days. */
    static final CapabilityValues ACME = new CapabilityValues(List.of(ValidationMethod.HTTP_01, ValidationMethod.DNS_01), List.of(),
            100, Duration.ofMinutes(1), Duration.ofDays(90), 10, true);
    /**
     * Certflow's own CA: it validates nothing (the tenant vouches for its internal names), takes Certflow's limit of 100
     * names, signs in seconds, issues for 90 days (its default) and wildcards; no HTTP redirect is ever followed.
     */
    static final CapabilityValues PRIVATE_CA = new CapabilityValues(List.of(), List.of(), 100, Duration.ofSeconds(5),
            Duration.ofDays(90), 0, true);

    /** @param privateCa {@code certflow.autossl.providers.defaults.private-ca} */
    public record Defaults(CapabilityValues acme, CapabilityValues privateCa) {
    }

    @ConstructorBinding
    public ProviderSettings {
        CapabilityValues acme = defaults == null || defaults.acme() == null ? ACME : defaults.acme().over(ACME);
        CapabilityValues privateCa = defaults == null || defaults.privateCa() == null ? PRIVATE_CA : defaults.privateCa().over(PRIVATE_CA);
        defaults = new Defaults(acme, privateCa);
        issuers = issuers == null ? Map.of() : Map.copyOf(issuers);
        score = score == null ? UsabilityThresholds.DEFAULT : score;
        List<String> problems = new ArrayList<>();
        problems.addAll(acme.problems("certflow.autossl.providers.defaults.acme"));
        problems.addAll(privateCa.problems("certflow.autossl.providers.defaults.private-ca"));
        for (Map.Entry<String, CapabilityValues> issuer : issuers.entrySet()) {
            // Checked over the ACME defaults: an override that is wrong over either type is wrong.
            problems.addAll(issuer.getValue().over(acme).problems("certflow.autossl.providers.issuers." + issuer.getKey()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The built-in values, as Certflow runs without any certflow.autossl.providers configuration. */
    public static ProviderSettings builtIn() {
        return new ProviderSettings(null, null, null);
    }

    /** The issuer's capabilities: its name's configuration over its type's default, and its own rate limit. */
    public ProviderCapabilities capabilitiesOf(Issuer issuer) {
        CapabilityValues base = issuer.type() == IssuerType.ACME ? defaults.acme() : defaults.privateCa();
        CapabilityValues own = issuers.get(issuer.name());
        CapabilityValues values = own == null ? base : own.over(base);
        List<ProviderCapabilities.ValidationOffer> validation = values.validationMethods().stream()
                .map(method -> new ProviderCapabilities.ValidationOffer(method, values.ancestorValidation().contains(method)))
                .toList();
        return new ProviderCapabilities(validation, values.namesPerCertificate(), issuer.type().name(), values.averageDeliveryTime(),
                values.validity(), values.maxRedirects(), issuer.effectiveOrdersPerHour(), values.wildcards());
    }
}
