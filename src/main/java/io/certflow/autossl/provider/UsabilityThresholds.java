package io.certflow.autossl.provider;

import java.time.Duration;

/**
 * What earns a provider each of the usability score's one-star capabilities ({@code certflow.autossl.providers.score}).
 * Wildcard support earns its star by being there.
 *
 * @param minNamesPerCertificate  at least this many names per certificate (default 100)
 * @param maxAverageDeliveryTime  certificates delivered within this on average (default 5 minutes)
 * @param minRedirects            at least this many HTTP redirects followed by validation (default 10)
 * @param minOrdersPerHour        at least this many new orders an hour, or no limit (default 100)
 */
public record UsabilityThresholds(Integer minNamesPerCertificate, Duration maxAverageDeliveryTime, Integer minRedirects,
                                  Integer minOrdersPerHour) {

    public static final UsabilityThresholds DEFAULT = new UsabilityThresholds(100, Duration.ofMinutes(5), 10, 100);

    public UsabilityThresholds {
        minNamesPerCertificate = minNamesPerCertificate != null ? minNamesPerCertificate : 100;
        maxAverageDeliveryTime = maxAverageDeliveryTime != null ? maxAverageDeliveryTime : Duration.ofMinutes(5);
        minRedirects = minRedirects != null ? minRedirects : 10;
        minOrdersPerHour = minOrdersPerHour != null ? minOrdersPerHour : 100;
        if (minNamesPerCertificate < 1 || maxAverageDeliveryTime.isNegative() || minRedirects < 0 || minOrdersPerHour < 1) {
            throw new IllegalArgumentException("certflow.autossl.providers.score: min-names-per-certificate and min-orders-per-hour"
                    + " at least 1, min-redirects at least 0, max-average-delivery-time not negative");
        }
    }
}
