package io.certflow.web.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.certflow.autossl.provider.AutoSslProviderService.Provider;
import io.certflow.autossl.provider.ProviderCapabilities;
import io.certflow.autossl.provider.UsabilityScore;

/**
 * One line of the providers table: the provider with its usability stars and its capabilities in words. DISABLED has
 * neither stars nor capabilities.
 *
 * @param details   each capability as "what: value", in the order the panel lists them
 * @param breakdown the stars each capability earns, "what: n"
 */
public record ProviderRow(String name, String type, boolean selected, String termsOfService, boolean termsAccepted, boolean disabled,
                          int stars, List<String> details, List<String> breakdown) {

    public static final int MAX_STARS = UsabilityScore.MAX_STARS;

    private static final Map<String, String> PARTS = Map.of("validation", "validation methods", "namesPerCertificate",
            "names per certificate", "averageDeliveryTime", "delivery time", "maxRedirects", "redirects followed", "rateLimit",
            "rate limit", "wildcards", "wildcards");

    static ProviderRow of(Provider provider) {
        ProviderCapabilities c = provider.capabilities();
        List<String> details = c == null ? List.of() : details(c);
        List<String> breakdown = provider.starsBreakdown() == null ? List.of() : provider.starsBreakdown().entrySet().stream()
                .map(part -> PARTS.getOrDefault(part.getKey(), part.getKey()) + ": " + part.getValue()).toList();
        return new ProviderRow(provider.provider(), provider.type() == null ? "" : provider.type().name(), provider.selected(),
                provider.termsOfService(), provider.termsAccepted(), provider.issuerId() == null, provider.stars(), details, breakdown);
    }

    private static List<String> details(ProviderCapabilities c) {
        List<String> details = new ArrayList<>();
        details.add("Validation: " + (c.validation().isEmpty() ? "none (a private CA issues on the tenant's word)"
                : c.validation().stream().map(offer -> offer.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + (offer.ancestorValidation() ? " (ancestor validation)" : "")).collect(Collectors.joining(", "))));
        details.add("Names per certificate: " + c.namesPerCertificate());
        details.add("Delivery: " + c.deliveryMethod() + ", about " + AutoSslWords.duration(c.averageDeliveryTime()));
        details.add("Validity: " + c.validity().toDays() + " days");
        details.add("Redirects followed: " + c.maxRedirects());
        details.add("Rate limit: " + (c.unlimitedOrders() ? "none" : c.ordersPerHour() + " orders an hour"));
        details.add("Wildcards: " + (c.wildcards() ? "yes" : "no"));
        return details;
    }

    /** The stars in words, for screen readers and tests. */
    public String starsInWords() {
        return stars + " of " + MAX_STARS + " stars";
    }

    public String filledStars() {
        return "★".repeat(Math.max(0, Math.min(stars, MAX_STARS)));
    }

    public String emptyStars() {
        return "☆".repeat(Math.max(0, MAX_STARS - stars));
    }
}
