package io.certflow.autossl.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.certflow.certificate.ValidationMethod;

/**
 * A provider's capabilities as configuration gives them ({@code certflow.autossl.providers.defaults.acme},
 * {@code .private-ca}, {@code .issuers.<name>}): each field may be left out, and a value given for an issuer wins over
 * the default of its type ({@link #over}).
 *
 * @param validationMethods  HTTP_01 and/or DNS_01 (an empty list: the CA validates nothing, as a private CA)
 * @param ancestorValidation those of {@code validationMethods} whose validation of a parent domain covers the names below
 */
public record CapabilityValues(List<ValidationMethod> validationMethods, List<ValidationMethod> ancestorValidation,
                               Integer namesPerCertificate, Duration averageDeliveryTime, Duration validity, Integer maxRedirects,
                               Boolean wildcards) {

    public CapabilityValues {
        validationMethods = validationMethods == null ? null : List.copyOf(validationMethods);
        ancestorValidation = ancestorValidation == null ? null : List.copyOf(ancestorValidation);
    }

    /** These values where given, {@code base}'s elsewhere. */
    CapabilityValues over(CapabilityValues base) {
        return new CapabilityValues(
                validationMethods != null ? validationMethods : base.validationMethods,
                ancestorValidation != null ? ancestorValidation : base.ancestorValidation,
                namesPerCertificate != null ? namesPerCertificate : base.namesPerCertificate,
                averageDeliveryTime != null ? averageDeliveryTime : base.averageDeliveryTime,
                validity != null ? validity : base.validity,
                maxRedirects != null ? maxRedirects : base.maxRedirects,
                wildcards != null ? wildcards : base.wildcards);
    }

    /** What is wrong with complete values, each problem naming its property below {@code prefix}; empty when nothing. */
    List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        Set<ValidationMethod> methods = EnumSet.noneOf(ValidationMethod.class);
        for (ValidationMethod method : validationMethods) {
            if (method == ValidationMethod.NONE) {
                problems.add(prefix + ".validation-methods: NONE is not a validation method; leave the list empty for a CA that"
                        + " validates nothing");
            } else if (!methods.add(method)) {
                problems.add(prefix + ".validation-methods: " + method + " is listed twice");
            }
        }
        for (ValidationMethod method : ancestorValidation) {
            if (!methods.contains(method)) {
                problems.add(prefix + ".ancestor-validation: " + method + " is not one of validation-methods " + methods);
            }
        }
        if (namesPerCertificate < 1) {
            problems.add(prefix + ".names-per-certificate: at least 1, not " + namesPerCertificate);
        }
        if (averageDeliveryTime.isNegative()) {
            problems.add(prefix + ".average-delivery-time: not negative, not " + averageDeliveryTime);
        }
        if (validity.isNegative() || validity.isZero()) {
            problems.add(prefix + ".validity: longer than zero, such as P90D, not " + validity);
        }
        if (maxRedirects < 0) {
            problems.add(prefix + ".max-redirects: 0 or more, not " + maxRedirects);
        }
        return problems;
    }
}
