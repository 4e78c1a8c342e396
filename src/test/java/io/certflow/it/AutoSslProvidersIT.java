package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.autossl.provider.AutoSslProviderState;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * AutoSSL's providers on PostgreSQL with a real ACME CA (Pebble, whose directory names terms of service): the listing with
 * capabilities and stars, choosing a provider with and without accepting its terms, a terms change that pauses AutoSSL
 * until they are accepted again, the options with their warning, and who may do what.
 */
class AutoSslProvidersIT extends CertflowIT {

    private static final String TENANT = "providersco";

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AutoSslProviderState providerState;

    ApiClient administrator;
    ApiClient member;
    ApiClient stranger;
    String acmeIssuerId;
    String termsUrl;

    @BeforeAll
    void aTenantWithAnAcmeIssuerWhoseTermsAreNotAcceptedAndAPrivateCa() {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "providersadmin", "providers-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "providersmember", "providers-password-2");
        stranger = TenantUsers.administratorOf(identityService, baseUrl(), "providersother", "providersstranger", "providers-password-3");
        PebbleServer pebble = RealServers.pebble();
        ApiClient.Response acme = administrator.post("/api/issuers", Map.of("name", "providers-pebble", "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", false, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(acme.status()).as(acme.body()).isEqualTo(201);
        acmeIssuerId = acme.json().path("id").asText();
        termsUrl = acme.json().path("termsRequiredUrl").asText();
        assertThat(termsUrl).as("Pebble names terms of service").isNotEmpty();
        ApiClient.Response internal = administrator.post("/api/issuers", Map.of("name", "providers-internal", "type", "PRIVATE_CA"));
        assertThat(internal.status()).as(internal.body()).isEqualTo(201);
        assertThat(stranger.post("/api/issuers", Map.of("name", "providers-theirs", "type", "PRIVATE_CA")).status()).isEqualTo(201);
    }

    private static JsonNode provider(JsonNode listing, String name) {
        return StreamSupport.stream(listing.path("providers").spliterator(), false)
                .filter(p -> p.path("provider").asText().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + listing));
    }

    private static void assertProblem(ApiClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(detail);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("java.");
    }

    private void choose(String provider, boolean acceptTerms) {
        ApiClient.Response chosen = administrator.put("/api/autossl/provider", Map.of("provider", provider, "acceptTerms", acceptTerms));
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
    }

    @Test
    void membersSeeTheTenantsIssuersAndDisabledWithTermsCapabilitiesAndStars() {
        choose("DISABLED", false);

        ApiClient.Response listed = member.get("/api/autossl/providers");

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode listing = listed.json();
        assertThat(listing.path("tenant").asText()).isEqualTo(TENANT);
        assertThat(listing.path("maxStars").asInt()).isEqualTo(9);
        assertThat(listing.path("providers")).extracting(p -> p.path("provider").asText())
                .containsExactly("providers-internal", "providers-pebble", "DISABLED");
        JsonNode acme = provider(listing, "providers-pebble");
        assertThat(acme.path("issuerId").asText()).isEqualTo(acmeIssuerId);
        assertThat(acme.path("type").asText()).isEqualTo("ACME");
        assertThat(acme.path("termsOfService").asText()).isEqualTo(termsUrl);
        assertThat(acme.path("capabilities").path("validationMethods")).extracting(m -> m.path("method").asText())
                .containsExactly("HTTP_01", "DNS_01");
        assertThat(acme.path("capabilities").path("namesPerCertificate").asInt()).isEqualTo(100);
        assertThat(acme.path("capabilities").path("deliveryMethod").asText()).isEqualTo("ACME");
        assertThat(acme.path("capabilities").path("averageDeliverySeconds").asLong()).isEqualTo(60);
        assertThat(acme.path("capabilities").path("validityDays").asLong()).isEqualTo(90);
        assertThat(acme.path("capabilities").path("maxRedirects").asInt()).isEqualTo(10);
        assertThat(acme.path("capabilities").path("ordersPerHour").asInt()).isEqualTo(100);
        assertThat(acme.path("capabilities").path("wildcards").asBoolean()).isTrue();
        assertThat(acme.path("stars").asInt()).isEqualTo(7);
        JsonNode internal = provider(listing, "providers-internal");
        assertThat(internal.path("capabilities").path("validationMethods")).isEmpty();
        assertThat(internal.path("capabilities").path("ordersPerHour").isMissingNode()).as("unlimited").isTrue();
        assertThat(internal.path("stars").asInt()).isEqualTo(4);
        assertThat(internal.path("termsAccepted").asBoolean()).isTrue();
        JsonNode disabled = provider(listing, "DISABLED");
        assertThat(disabled.path("selected").asBoolean()).isTrue();
        assertThat(disabled.path("stars").asInt()).isZero();
        assertThat(listing.path("pauseReason").asText()).contains("DISABLED");
        assertThat(providerState.pauseReason(TENANT)).get().asString().contains("DISABLED");
    }

    @Test
    void aProviderWithTermsIsChosenOnlyWithThemAcceptedAndATermsChangePausesAutoSslUntilTheyAreAcceptedAgain() {
        jdbc.update("update certflow.issuer set terms_agreed_url = null, terms_agreed_at = null, terms_agreed_by = null,"
                + " terms_required_url = ? where id = ?::uuid", termsUrl, acmeIssuerId);
        choose("DISABLED", false);

        ApiClient.Response refused = administrator.put("/api/autossl/provider", Map.of("provider", "providers-pebble"));
        assertProblem(refused, 400, "acceptTerms: provider 'providers-pebble' asks you to accept its terms of service at " + termsUrl);
        assertThat(provider(member.get("/api/autossl/providers").json(), "DISABLED").path("selected").asBoolean())
                .as("nothing changed").isTrue();
        assertThat(administrator.get("/api/issuers/" + acmeIssuerId).json().path("termsAccepted").asBoolean()).isFalse();

        ApiClient.Response chosen = administrator.put("/api/autossl/provider", Map.of("provider", "providers-pebble", "acceptTerms", true));

        assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
        JsonNode pebble = provider(chosen.json(), "providers-pebble");
        assertThat(pebble.path("selected").asBoolean()).isTrue();
        assertThat(pebble.path("termsAccepted").asBoolean()).isTrue();
        assertThat(chosen.json().path("pauseReason").isMissingNode()).isTrue();
        JsonNode issuer = administrator.get("/api/issuers/" + acmeIssuerId).json();
        assertThat(issuer.path("termsAgreedUrl").asText()).as("accepted as the issuer's terms").isEqualTo(termsUrl);
        assertThat(issuer.path("termsAgreedBy").asText()).isEqualTo("providersadmin");
        assertThat(providerState.pauseReason(TENANT)).isEmpty();

        // The CA changes its terms, as AcmeGateway.requireCurrentTerms records it at the next order.
        String newTerms = "https://pebble.providers.test/terms-v2.pdf";
        jdbc.update("update certflow.issuer set terms_required_url = ? where id = ?::uuid", newTerms, acmeIssuerId);

        assertThat(providerState.pauseReason(TENANT)).get().asString()
                .contains("Provider 'providers-pebble' changed its terms of service (" + newTerms + ")").contains("paused");
        JsonNode paused = member.get("/api/autossl/providers").json();
        assertThat(paused.path("pauseReason").asText()).contains(newTerms);
        assertThat(provider(paused, "providers-pebble").path("termsAccepted").asBoolean()).isFalse();
        assertProblem(administrator.put("/api/autossl/provider", Map.of("provider", "providers-pebble", "acceptTerms", false)), 400, newTerms);
        assertThat(providerState.pauseReason(TENANT)).as("still paused").isPresent();

        choose("providers-pebble", true);

        assertThat(providerState.pauseReason(TENANT)).isEmpty();
        assertThat(administrator.get("/api/issuers/" + acmeIssuerId).json().path("termsAgreedUrl").asText()).isEqualTo(newTerms);
    }

    @Test
    void disabledTurnsAutoSslOffAndAPrivateCaNeedsNoTerms() {
        choose("providers-internal", false);
        assertThat(providerState.pauseReason(TENANT)).isEmpty();
        assertThat(member.get("/api/autossl/settings").json().path("provider").asText()).isEqualTo("providers-internal");

        choose("DISABLED", false);

        assertThat(jdbc.queryForObject("select count(*) from certflow.autossl_settings where tenant_id = ? and provider_issuer_id is null",
                Integer.class, TENANT)).isEqualTo(1);
        assertThat(member.get("/api/autossl/settings").json().path("provider").asText()).isEqualTo("DISABLED");
        assertThat(providerState.pauseReason(TENANT)).get().asString().contains("DISABLED");
    }

    @Test
    void theOptionsAreStoredWithTheWarningThatReplacingMayReplaceAnEvOrOvCertificate() {
        ApiClient.Response saved = administrator.put("/api/autossl/settings", Map.of("defaultEnabled", false, "replaceNonAutoSsl", true,
                "userLevel", "FAILURES_ONLY", "adminLevel", "ALL"));

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().path("warnings")).extracting(JsonNode::asText).containsExactly(
                "Replacing certificates AutoSSL did not issue may replace an EV or OV certificate with a DV certificate");
        JsonNode read = member.get("/api/autossl/settings?tenant=" + TENANT).json();
        assertThat(read.path("defaultEnabled").asBoolean()).isFalse();
        assertThat(read.path("replaceNonAutoSsl").asBoolean()).isTrue();
        assertThat(read.path("userLevel").asText()).isEqualTo("FAILURES_ONLY");
        assertThat(read.path("adminLevel").asText()).isEqualTo("ALL");
        assertThat(read.path("updatedBy").asText()).isEqualTo("providersadmin");
        assertThat(read.path("warnings")).hasSize(1);

        ApiClient.Response off = administrator.put("/api/autossl/settings", Map.of("tenant", TENANT, "defaultEnabled", true,
                "replaceNonAutoSsl", false, "userLevel", "FAILURES_WARNINGS_DEFERRALS", "adminLevel", "FAILURES_WARNINGS_DEFERRALS"));
        assertThat(off.json().path("warnings")).isEmpty();
    }

    @Test
    void badOptionsAreA400NamingTheFieldAndNothingIsStored() {
        JsonNode before = member.get("/api/autossl/settings").json();

        assertProblem(administrator.put("/api/autossl/settings", Map.of("defaultEnabled", true, "replaceNonAutoSsl", false,
                "userLevel", "EVERYTHING", "adminLevel", "ALL")), 400, "userLevel: 'EVERYTHING' is not a level; one of ALL,");
        assertProblem(administrator.put("/api/autossl/settings", Map.of("defaultEnabled", true, "replaceNonAutoSsl", true,
                "userLevel", "ALL", "adminLevel", "NONE")), 400, "adminLevel: 'NONE' is not a level");
        assertProblem(administrator.put("/api/autossl/settings", Map.of("userLevel", "ALL", "adminLevel", "ALL")), 400,
                "defaultEnabled: required");
        assertProblem(administrator.put("/api/autossl/settings", Map.of("defaultEnabled", "yes", "replaceNonAutoSsl", true,
                "userLevel", "ALL", "adminLevel", "ALL")), 400, "defaultEnabled");
        assertProblem(administrator.put("/api/autossl/provider", Map.of("acceptTerms", true)), 400, "provider: required");

        JsonNode after = member.get("/api/autossl/settings").json();
        assertThat(after.path("replaceNonAutoSsl")).isEqualTo(before.path("replaceNonAutoSsl"));
        assertThat(after.path("updatedAt")).isEqualTo(before.path("updatedAt"));
    }

    @Test
    void membersMayNotChangeAndAnotherTenantOrItsIssuerIsNotFound() {
        assertProblem(member.put("/api/autossl/provider", Map.of("provider", "DISABLED")), 403, TENANT);
        assertProblem(member.put("/api/autossl/settings", Map.of("defaultEnabled", true, "replaceNonAutoSsl", true,
                "userLevel", "ALL", "adminLevel", "ALL")), 403, "certflow-admins");

        assertProblem(stranger.get("/api/autossl/providers?tenant=" + TENANT), 404, TENANT);
        assertProblem(stranger.get("/api/autossl/settings?tenant=" + TENANT), 404, TENANT);
        assertProblem(stranger.put("/api/autossl/provider", Map.of("tenant", TENANT, "provider", "DISABLED")), 404, TENANT);
        assertProblem(stranger.put("/api/autossl/settings", Map.of("tenant", TENANT, "defaultEnabled", true, "replaceNonAutoSsl", true,
                "userLevel", "ALL", "adminLevel", "ALL")), 404, TENANT);
        assertProblem(administrator.put("/api/autossl/provider", Map.of("provider", "providers-theirs")), 404, "providers-theirs");
        assertThat(stranger.get("/api/autossl/providers").json().path("providers")).extracting(p -> p.path("provider").asText())
                .as("each tenant sees its own issuers").containsExactly("providers-theirs", "DISABLED");
        assertThat(member.get("/api/autossl/settings").json().path("userLevel").asText())
                .as("no member's or stranger's change stored").isNotEqualTo("ALL");
    }
}
