package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * Bad input gets a problem+json that names the defect and stores and starts nothing; a tenant's
 * user sees only their tenant's rows.
 */
class ApiInputIT extends CertflowIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService historyService;
    @Autowired
    IdentityService identityService;

    ApiClient admin;
    ApiClient otherTenantUser;

    @BeforeAll
    void users() {
        admin = new ApiClient(base(), "admin", RealServers.ADMIN_PASSWORD);
        otherTenantUser = TenantUsers.memberOf(identityService, base(), "acmehosting", "bob", "bob-password-1");
    }

    private String base() {
        return baseUrl();
    }

    static List<Arguments> badRequests() {
        String longLabel = "a".repeat(64) + ".example.test";
        String longName = ("abcdefghij".repeat(6) + ".").repeat(5) + "test";
        return List.of(
                Arguments.of("unknown issuer", "{\"domains\":[\"a.example.test\"],\"issuer\":\"no-such-issuer\"}", "no issuer named 'no-such-issuer'"),
                Arguments.of("no issuer", "{\"domains\":[\"a.example.test\"]}", "name the issuer"),
                Arguments.of("no domains", "{\"domains\":[],\"issuer\":\"local-ca\"}", "at least one domain name"),
                Arguments.of("malformed name", "{\"domains\":[\"bad_name.example.test\"],\"issuer\":\"local-ca\"}", "may only hold letters, digits and inner hyphens"),
                Arguments.of("over-long label", "{\"domains\":[\"" + longLabel + "\"],\"issuer\":\"local-ca\"}", "a label has at most 63"),
                Arguments.of("over-long name", "{\"domains\":[\"" + longName + "\"],\"issuer\":\"local-ca\"}", "a domain name has at most 253"),
                Arguments.of("IPv4 address", "{\"domains\":[\"192.0.2.10\"],\"issuer\":\"local-ca\"}", "is an IP address"),
                Arguments.of("IPv6 address", "{\"domains\":[\"2001:db8::1\"],\"issuer\":\"local-ca\"}", "is an IP address"),
                Arguments.of("unsupported key type", "{\"domains\":[\"a.example.test\"],\"issuer\":\"local-ca\",\"keyType\":\"DSA_1024\"}", "keyType: 'DSA_1024' is not supported"),
                Arguments.of("wildcard with http-01", "{\"domains\":[\"*.example.test\"],\"issuer\":\"pebble-input\",\"validationMethod\":\"HTTP_01\"}", "wildcard names can only be validated with dns-01"),
                Arguments.of("method for a name not requested", "{\"domains\":[\"a.example.test\"],\"issuer\":\"pebble-input\",\"validationMethods\":{\"b.example.test\":\"DNS_01\"}}", "'b.example.test' is not one of the requested domains"),
                Arguments.of("wildcard left on http-01 beside a dns-01 name", "{\"domains\":[\"*.example.test\",\"a.example.test\"],\"issuer\":\"pebble-input\",\"validationMethods\":{\"a.example.test\":\"DNS_01\"}}", "'*.example.test' is a wildcard"),
                Arguments.of("dns-01 from the private CA", "{\"domains\":[\"a.internal.test\"],\"issuer\":\"local-ca\",\"validationMethod\":\"DNS_01\"}", "DNS_01 is not available for PRIVATE_CA issuers"),
                Arguments.of("malformed JSON", "{\"domains\":[\"a.example.test\"", "the JSON body ends before it is complete (line 1, column 29)"),
                Arguments.of("unknown field", "{\"domains\":[\"a.example.test\"],\"issuer\":\"local-ca\",\"colour\":\"red\"}", "Unknown field 'colour'"),
                Arguments.of("domains of the wrong type", "{\"domains\":\"a.example.test\",\"issuer\":\"local-ca\"}", "domains: must be a list (a JSON array) (line 1, column 12)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badCertificateRequestsAreRefusedWithAProblemAndChangeNothing(String what, String body, String expectedDetail) {
        ensurePebbleIssuer();
        long certificatesBefore = count("certflow.certificate");
        long startedBefore = historyService.createHistoricProcessInstanceQuery().count();

        ApiClient.Response response = admin.post("/api/certificates", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(expectedDetail);
        assertThat(count("certflow.certificate")).isEqualTo(certificatesBefore);
        assertThat(historyService.createHistoricProcessInstanceQuery().count()).as("process instances ever started").isEqualTo(startedBefore);
    }

    @Test
    void unknownAndMalformedIdsAreProblems() {
        ApiClient.Response unknown = admin.get("/api/certificates/" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        ApiClient.Response malformed = admin.get("/api/certificates/not-a-uuid");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("detail").asText()).isEqualTo("id: 'not-a-uuid' is not a valid identifier (a UUID like 123e4567-e89b-12d3-a456-426614174000)");
    }

    @Test
    void anUnknownEndpointOrMethodIsAProblemNamingIt() {
        ApiClient.Response unknown = admin.get("/api/certificate");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).as(unknown.body()).startsWith("application/problem+json");
        assertThat(unknown.json().path("detail").asText()).contains("GET /api/certificate");
        ApiClient.Response method = admin.delete("/api/certificates");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.contentType()).as(method.body()).startsWith("application/problem+json");
        assertThat(method.json().path("detail").asText()).contains("DELETE");
    }

    @Test
    void aTemplateIsReadAtTheAddressItsCreationGaveAndOnlyByItsTenant() {
        String name = "template-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Response created = admin.post("/api/templates", Map.of("name", name, "issuer", "local-ca", "validityDays", 30));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.location();

        ApiClient.Response read = admin.get(location);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("name").asText()).isEqualTo(name);
        assertThat(read.json().path("tenant").asText()).isEqualTo("default");
        assertThat(read.json().path("validityDays").asInt()).isEqualTo(30);
        assertThat(otherTenantUser.get(location).status()).isEqualTo(404);
        assertThat(otherTenantUser.get("/api/templates").json().findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void anotherTenantsCertificatesAndIssuersAreInvisible() {
        ApiClient.Response mine = admin.post("/api/certificates", Map.of("domains", List.of("tenant-a.internal.test"), "issuer", "local-ca"));
        assertThat(mine.status()).isEqualTo(202);
        String id = mine.json().path("id").asText();

        ApiClient.Response theirView = otherTenantUser.get("/api/certificates/" + id);
        assertThat(theirView.status()).isEqualTo(404);
        assertThat(otherTenantUser.get("/api/certificates/" + id + "/chain").status()).isEqualTo(404);
        assertThat(otherTenantUser.get("/api/certificates").json().path("total").asLong()).isZero();
        assertThat(otherTenantUser.get("/api/issuers").json()).isEmpty();
        // The default tenant's issuer cannot be used from the other tenant either.
        ApiClient.Response borrowed = otherTenantUser.post("/api/certificates", Map.of("domains", List.of("x.internal.test"), "issuer", "local-ca"));
        assertThat(borrowed.status()).isEqualTo(400);
        assertThat(borrowed.json().path("detail").asText()).contains("no issuer named 'local-ca'");
    }

    @Test
    void anotherTenantsDnsZonesAreInvisibleAndUntouchable() {
        String secret = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        ApiClient.Response created = admin.post("/api/dns-zones", Map.of("zone", "isolated-" + UUID.randomUUID().toString().substring(0, 8)
                + ".test", "primaryServer", "127.0.0.1:53", "tsigKeyName", "k", "tsigSecret", secret));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();

        assertThat(otherTenantUser.get("/api/dns-zones/" + id).status()).isEqualTo(404);
        assertThat(otherTenantUser.put("/api/dns-zones/" + id, Map.of("primaryServer", "192.0.2.1:53", "tsigKeyName", "k",
                "tsigSecret", secret)).status()).isEqualTo(404);
        assertThat(otherTenantUser.get("/api/dns-zones").json()).isEmpty();
        assertThat(admin.get("/api/dns-zones/" + id).json().path("primaryServer").asText()).as("unchanged").isEqualTo("127.0.0.1:53");
        assertThat(wrongPassword().get("/api/dns-zones").status()).isEqualTo(401);
        assertThat(otherTenantUser.delete("/api/dns-zones/" + id).status()).isEqualTo(404);

        assertThat(admin.delete("/api/dns-zones/" + id).status()).as("the owner removes it").isEqualTo(204);
        assertThat(admin.get("/api/dns-zones/" + id).status()).isEqualTo(404);
    }

    /** The engine locks a user for a few seconds after a wrong password, even against the right one. */
    @Test
    void requestsWithoutValidCredentialsAreRejectedEverywhere() {
        ApiClient anonymous = wrongPassword();
        assertThat(anonymous.get("/api/certificates").status()).isEqualTo(401);
        assertThat(anonymous.get("/engine-rest/process-instance").status()).isEqualTo(401);
    }

    /**
     * A wrong password for eve, whom no test logs in as: a wrong password locks its user for a few
     * seconds, even against the right password, so it must not be the password of a user the tests use.
     */
    private ApiClient wrongPassword() {
        TenantUsers.memberOf(identityService, base(), "acmehosting", "eve", "eve-password-1");
        return new ApiClient(base(), "eve", "wrong-password");
    }

    private void ensurePebbleIssuer() {
        if (admin.get("/api/issuers").body().contains("\"pebble-input\"")) {
            return;
        }
        var pebble = RealServers.pebble();
        ApiClient.Response created = admin.post("/api/issuers", Map.of("name", "pebble-input", "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return count == null ? 0 : count;
    }
}
