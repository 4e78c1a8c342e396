package io.certflow.autossl.provider;

import static io.certflow.certificate.ValidationMethod.DNS_01;
import static io.certflow.certificate.ValidationMethod.HTTP_01;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.certflow.autossl.provider.ProviderCapabilities.ValidationOffer;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerType;

/** Provider capabilities as configuration gives them, bound as Spring binds certflow.autossl.providers. */
class ProviderSettingsTest {

    private static ProviderSettings bound(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("certflow.autossl.providers", ProviderSettings.class);
    }

    @Test
    void anIssuersOwnValuesWinOverItsTypesDefaultsAndTheRestStays() {
        ProviderSettings settings = bound(Map.of(
                "certflow.autossl.providers.issuers.sectigo.ancestor-validation", "DNS_01",
                "certflow.autossl.providers.issuers.sectigo.names-per-certificate", "250",
                "certflow.autossl.providers.issuers.sectigo.average-delivery-time", "PT10M"));
        var issuer = UsabilityScoreTest.issuer(IssuerType.ACME);
        var sectigo = new Issuer(issuer.id(), "t", "sectigo", IssuerType.ACME, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, false, 20);

        ProviderCapabilities capabilities = settings.capabilitiesOf(sectigo);

        assertThat(capabilities.validation()).containsExactly(new ValidationOffer(HTTP_01, false), new ValidationOffer(DNS_01, true));
        assertThat(capabilities.namesPerCertificate()).isEqualTo(250);
        assertThat(capabilities.averageDeliveryTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(capabilities.validity()).isEqualTo(Duration.ofDays(90));
        assertThat(capabilities.ordersPerHour()).as("the issuer's own").isEqualTo(20);
        assertThat(settings.capabilitiesOf(issuer).namesPerCertificate()).as("another ACME issuer").isEqualTo(100);
    }

    @Test
    void aPrivateCaValidatesNothingAndHasNoRateLimit() {
        ProviderCapabilities capabilities = ProviderSettings.builtIn().capabilitiesOf(UsabilityScoreTest.issuer(IssuerType.PRIVATE_CA));

        assertThat(capabilities.validation()).isEmpty();
        assertThat(capabilities.deliveryMethod()).isEqualTo("PRIVATE_CA");
        assertThat(capabilities.ordersPerHour()).isNull();
    }

    @Test
    void configurationThatCannotBeTrueStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> bound(Map.of("certflow.autossl.providers.defaults.acme.validation-methods", "HTTP_01",
                "certflow.autossl.providers.defaults.acme.ancestor-validation", "DNS_01")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("certflow.autossl.providers.defaults.acme.ancestor-validation: DNS_01 is not one of");
    }
}
