package io.certflow.autossl.provider;

import static io.certflow.certificate.ValidationMethod.DNS_01;
import static io.certflow.certificate.ValidationMethod.HTTP_01;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.certflow.autossl.provider.ProviderCapabilities.ValidationOffer;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerType;

/** The usability score's rules, star by star, with the default thresholds (100 names, 5 minutes, 10 redirects, 100 an hour). */
class UsabilityScoreTest {

    private final UsabilityScore score = new UsabilityScore(UsabilityThresholds.DEFAULT);

    /** A provider that earns nothing: no validation, and every one-star capability below its threshold. */
    private static ProviderCapabilities nothing() {
        return new ProviderCapabilities(List.of(), 99, "ACME", Duration.ofMinutes(5).plusSeconds(1), Duration.ofDays(90), 9, 99, false);
    }

    private static ProviderCapabilities with(List<ValidationOffer> validation) {
        ProviderCapabilities n = nothing();
        return new ProviderCapabilities(validation, n.namesPerCertificate(), n.deliveryMethod(), n.averageDeliveryTime(), n.validity(),
                n.maxRedirects(), n.ordersPerHour(), n.wildcards());
    }

    @Test
    void aProviderBelowEveryThresholdWithoutValidationHasNoStars() {
        assertThat(score.stars(nothing())).isZero();
    }

    @Test
    void aValidationMethodWithoutAncestorValidationEarnsOneStar() {
        assertThat(score.stars(with(List.of(new ValidationOffer(HTTP_01, false))))).isEqualTo(1);
        assertThat(score.stars(with(List.of(new ValidationOffer(HTTP_01, false), new ValidationOffer(DNS_01, false))))).isEqualTo(2);
    }

    @Test
    void aValidationMethodWithAncestorValidationEarnsTwoStars() {
        assertThat(score.stars(with(List.of(new ValidationOffer(DNS_01, true))))).isEqualTo(2);
        assertThat(score.stars(with(List.of(new ValidationOffer(HTTP_01, false), new ValidationOffer(DNS_01, true))))).isEqualTo(3);
        assertThat(score.stars(with(List.of(new ValidationOffer(HTTP_01, true), new ValidationOffer(DNS_01, true))))).isEqualTo(4);
    }

    @Test
    void aMethodListedTwiceCountsOnce() {
        assertThat(score.stars(with(List.of(new ValidationOffer(DNS_01, true), new ValidationOffer(DNS_01, true))))).isEqualTo(2);
    }

    @Test
    void atLeastTheThresholdOfNamesPerCertificateEarnsOneStar() {
        ProviderCapabilities n = nothing();
        assertThat(score.stars(new ProviderCapabilities(List.of(), 100, "ACME", n.averageDeliveryTime(), n.validity(), 9, 99, false)))
                .isEqualTo(1);
        assertThat(score.breakdown(new ProviderCapabilities(List.of(), 100, "ACME", n.averageDeliveryTime(), n.validity(), 9, 99,
                false))).containsEntry("namesPerCertificate", 1);
    }

    @Test
    void anAverageDeliveryTimeAtMostTheThresholdEarnsOneStar() {
        ProviderCapabilities n = nothing();
        assertThat(score.stars(new ProviderCapabilities(List.of(), 99, "ACME", Duration.ofMinutes(5), n.validity(), 9, 99, false)))
                .isEqualTo(1);
        assertThat(score.stars(new ProviderCapabilities(List.of(), 99, "ACME", Duration.ofSeconds(5), n.validity(), 9, 99, false)))
                .isEqualTo(1);
    }

    @Test
    void atLeastTheThresholdOfRedirectsEarnsOneStar() {
        ProviderCapabilities n = nothing();
        assertThat(score.stars(new ProviderCapabilities(List.of(), 99, "ACME", n.averageDeliveryTime(), n.validity(), 10, 99, false)))
                .isEqualTo(1);
    }

    @Test
    void aRateLimitAtLeastTheThresholdOrNoLimitEarnsOneStar() {
        ProviderCapabilities n = nothing();
        assertThat(score.stars(new ProviderCapabilities(List.of(), 99, "ACME", n.averageDeliveryTime(), n.validity(), 9, 100, false)))
                .isEqualTo(1);
        assertThat(score.stars(new ProviderCapabilities(List.of(), 99, "PRIVATE_CA", n.averageDeliveryTime(), n.validity(), 9, null,
                false))).as("unlimited").isEqualTo(1);
    }

    @Test
    void wildcardSupportEarnsOneStar() {
        ProviderCapabilities n = nothing();
        assertThat(score.stars(new ProviderCapabilities(List.of(), 99, "ACME", n.averageDeliveryTime(), n.validity(), 9, 99, true)))
                .isEqualTo(1);
    }

    @Test
    void everythingAtItsBestEarnsTheMaximumOfNineStars() {
        ProviderCapabilities best = new ProviderCapabilities(List.of(new ValidationOffer(HTTP_01, true), new ValidationOffer(DNS_01, true)),
                1000, "ACME", Duration.ofSeconds(10), Duration.ofDays(90), 20, null, true);

        assertThat(score.stars(best)).isEqualTo(UsabilityScore.MAX_STARS).isEqualTo(9);
        assertThat(score.breakdown(best)).containsExactly(entry("validation", 4), entry("namesPerCertificate", 1),
                entry("averageDeliveryTime", 1), entry("maxRedirects", 1), entry("rateLimit", 1),
                entry("wildcards", 1));
    }

    @Test
    void theThresholdsComeFromConfiguration() {
        UsabilityScore strict = new UsabilityScore(new UsabilityThresholds(1000, Duration.ofSeconds(30), 20, 1000));
        ProviderCapabilities letsEncryptLike = new ProviderCapabilities(List.of(new ValidationOffer(HTTP_01, false),
                new ValidationOffer(DNS_01, false)), 100, "ACME", Duration.ofMinutes(1), Duration.ofDays(90), 10, 100, true);

        assertThat(score.stars(letsEncryptLike)).isEqualTo(7);
        assertThat(strict.stars(letsEncryptLike)).as("only validation and wildcards").isEqualTo(3);
    }

    @Test
    void theBuiltInDefaultsGiveAnAcmeIssuerSevenStarsAndAPrivateCaFour() {
        ProviderSettings builtIn = ProviderSettings.builtIn();
        Issuer acme = issuer(IssuerType.ACME);
        Issuer privateCa = issuer(IssuerType.PRIVATE_CA);

        assertThat(score.stars(builtIn.capabilitiesOf(acme))).isEqualTo(7);
        assertThat(score.stars(builtIn.capabilitiesOf(privateCa))).isEqualTo(4);
    }

    static Issuer issuer(IssuerType type) {
        return new Issuer(UUID.randomUUID(), "t", "ca", type, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, false, null);
    }
}
