package io.certflow.autossl.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.certflow.certificate.ValidationMethod;

/**
 * What a provider (an issuer AutoSSL may order from) offers a hosting panel, as its usability score weighs it. Most of it
 * no CA says over ACME, so it comes from configuration ({@link ProviderSettings}); the rate limit is the issuer's own.
 *
 * @param validation          the validation methods the CA offers, each with whether it allows ancestor validation (a
 *                            validated parent domain covers the names below it); empty for a private CA, which
 *                            validates nothing
 * @param namesPerCertificate the most names one certificate may carry
 * @param deliveryMethod      how certificates are obtained: ACME, or PRIVATE_CA (issued by Certflow's own CA)
 * @param averageDeliveryTime from order to certificate, typically
 * @param validity            how long a certificate is valid
 * @param maxRedirects        how many HTTP redirects the CA's http-01 validation follows (0 for a CA that validates
 *                            nothing over HTTP)
 * @param ordersPerHour       the issuer's limit on new orders an hour ({@code Issuer#effectiveOrdersPerHour}); null:
 *                            unlimited
 * @param wildcards           whether the CA issues wildcard names (an ACME CA only through dns-01)
 */
public record ProviderCapabilities(List<ValidationOffer> validation, int namesPerCertificate, String deliveryMethod,
                                   Duration averageDeliveryTime, Duration validity, int maxRedirects, Integer ordersPerHour,
                                   boolean wildcards) {

    /** One validation method the CA offers. */
    public record ValidationOffer(ValidationMethod method, boolean ancestorValidation) {
    }

    public ProviderCapabilities {
        validation = List.copyOf(validation);
        Objects.requireNonNull(deliveryMethod, "deliveryMethod");
        Objects.requireNonNull(averageDeliveryTime, "averageDeliveryTime");
        Objects.requireNonNull(validity, "validity");
    }

    public boolean unlimitedOrders() {
        return ordersPerHour == null;
    }
}
