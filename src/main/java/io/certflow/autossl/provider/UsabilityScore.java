package io.certflow.autossl.provider;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.certflow.certificate.ValidationMethod;

/**
 * A provider's usability for AutoSSL, up to {@value #MAX_STARS} stars: two per validation method that allows ancestor
 * validation, one per method that does not (http-01 and dns-01: at most four); and one each for enough names per
 * certificate, a short enough average delivery time, enough redirects followed, a high enough rate limit (or none) and
 * wildcard support, by {@link UsabilityThresholds}.
 */
public final class UsabilityScore {

    public static final int MAX_STARS = 9;

    private final UsabilityThresholds thresholds;

    public UsabilityScore(UsabilityThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public int stars(ProviderCapabilities capabilities) {
        return breakdown(capabilities).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The stars each capability earns, in the order the panel lists them. */
    public Map<String, Integer> breakdown(ProviderCapabilities capabilities) {
        Map<String, Integer> stars = new LinkedHashMap<>();
        stars.put("validation", validationStars(capabilities));
        stars.put("namesPerCertificate", star(capabilities.namesPerCertificate() >= thresholds.minNamesPerCertificate()));
        stars.put("averageDeliveryTime", star(capabilities.averageDeliveryTime().compareTo(thresholds.maxAverageDeliveryTime()) <= 0));
        stars.put("maxRedirects", star(capabilities.maxRedirects() >= thresholds.minRedirects()));
        stars.put("rateLimit", star(capabilities.unlimitedOrders() || capabilities.ordersPerHour() >= thresholds.minOrdersPerHour()));
        stars.put("wildcards", star(capabilities.wildcards()));
        return stars;
    }

    private static int validationStars(ProviderCapabilities capabilities) {
        Set<ValidationMethod> counted = EnumSet.noneOf(ValidationMethod.class);
        int stars = 0;
        for (ProviderCapabilities.ValidationOffer offer : capabilities.validation()) {
            // A method listed twice, or NONE (no validation at all), earns nothing.
            if (offer.method() != ValidationMethod.NONE && counted.add(offer.method())) {
                stars += offer.ancestorValidation() ? 2 : 1;
            }
        }
        return stars;
    }

    private static int star(boolean earned) {
        return earned ? 1 : 0;
    }
}
