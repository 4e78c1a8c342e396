package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.AriProxy;
import io.certflow.it.support.AriProxy.NewOrder;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;
import io.certflow.renewal.ari.AriTimes;

/**
 * ACME profiles (draft-ietf-acme-profiles) against Pebble behind {@link AriProxy}, which lists the
 * profiles in the directory and refuses orders for others, as Let's Encrypt does: a template names
 * only a profile the CA lists, its orders (the renewals' too) ask for it, and a profile the CA has
 * since retired fails the request with what to change instead of retrying.
 */
class ProfileIT extends CertflowIT {

    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static final String TENANT = "profiles";
    /** In the order the directory lists them. */
    private static final Map<String, String> OFFERED = new TreeMap<>(Map.of("classic", "the 90-day certificate", "shortlived", "six days"));

    @Autowired
    IdentityService identityService;
    @Autowired
    AriTimes ariTimes;

    AriProxy proxy;
    ApiClient administrator;

    @BeforeAll
    void aCaWithProfiles() {
        proxy = new AriProxy(RealServers.pebble());
        proxy.profiles(OFFERED);
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "profilesadmin", "profiles-password-1");
        ApiClient.Response issuer = administrator.post("/api/issuers", Map.of("tenant", TENANT, "name", "profile-ca", "type", "ACME",
                "directoryUrl", proxy.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", proxy.trustAnchorPem()));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        assertThat(administrator.post("/api/issuers", Map.of("tenant", TENANT, "name", "profile-private", "type", "PRIVATE_CA"))
                .status()).isEqualTo(201);
    }

    @AfterAll
    void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private ApiClient.Response template(String name, String issuer, String profile) {
        return administrator.post("/api/templates", Map.of("tenant", TENANT, "name", name, "issuer", issuer, "profile", profile));
    }

    private List<String> templateNames() {
        return administrator.get("/api/templates").json().findValuesAsText("name");
    }

    private JsonNode request(String template, String name) {
        ApiClient.Response accepted = administrator.post("/api/certificates", Map.of("tenant", TENANT, "domains", List.of(name),
                "template", template));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return administrator.awaitFinal(accepted.json().path("id").asText(), WITHIN);
    }

    private List<NewOrder> acceptedOrders(String name) {
        return proxy.newOrdersFor(name).stream().filter(order -> order.status() == 201).toList();
    }

    @Test
    void aProfileTheCaDoesNotListIsRefusedNamingTheOnesItDoesAndNoTemplateIsMade() {
        ApiClient.Response refused = template("unknown-profile", "profile-ca", "tlsserver");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("profile: 'profile-ca' does not offer 'tlsserver'", "it offers classic, shortlived");
        assertThat(templateNames()).doesNotContain("unknown-profile");
    }

    @Test
    void aPrivateCaTemplateNamesNoProfile() {
        ApiClient.Response refused = template("private-profile", "profile-private", "shortlived");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("profile: only ACME issuers offer profiles");
        assertThat(templateNames()).doesNotContain("private-profile");
    }

    @Test
    void aCertificateOfATemplateWithAProfileIsOrderedWithItAndSoIsItsRenewal() {
        String name = "www.shortlived.profiles.test";
        ApiClient.Response created = template("short", "profile-ca", "shortlived");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("profile").asText()).isEqualTo("shortlived");
        assertThat(administrator.put("/api/tenants/" + TENANT + "/renewal-policy", Map.of("enabled", true, "windowDays", 1,
                "autoProvision", false)).status()).isEqualTo(200);
        Instant now = Instant.now();
        proxy.window(name, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));

        JsonNode issued = request("short", name);
        assertThat(issued.path("status").asText()).as(issued.toString()).isEqualTo("ISSUED");
        String oldId = issued.path("id").asText();
        Awaitility.await("the CA asked about the certificate").atMost(WITHIN)
                .until(() -> ariTimes.ariTime(UUID.fromString(oldId)), Optional::isPresent);
        assertThat(administrator.post("/api/tenants/" + TENANT + "/renewal-runs", "{}").status()).isEqualTo(202);
        JsonNode superseded = Awaitility.await("renewed").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> administrator.get("/api/certificates/" + oldId).json(), c -> c.path("status").asText().equals("SUPERSEDED"));

        assertThat(administrator.get("/api/certificates/" + superseded.path("successorId").asText()).json().path("status").asText())
                .isEqualTo("ISSUED");
        assertThat(acceptedOrders(name)).as("the issuance and the renewal, each asking for the template's profile")
                .extracting(NewOrder::profile).containsExactly("shortlived", "shortlived");
    }

    @Test
    void aProfileTheCaRetiredAfterTheTemplateWasMadeFailsTheRequestWithWhatToChange() {
        String name = "www.retired.profiles.test";
        assertThat(template("retiring", "profile-ca", "classic").status()).isEqualTo(201);
        proxy.profiles(Map.of("shortlived", "six days"));
        try {
            JsonNode failed = request("retiring", name);

            assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.path("failureReason").asText()).contains("classic");
            assertThat(acceptedOrders(name)).as("no order the CA took").isEmpty();
        } finally {
            proxy.profiles(OFFERED);
        }
    }
}
