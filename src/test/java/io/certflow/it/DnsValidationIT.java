package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.xbill.DNS.Type;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Pem;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.BindServer;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.Chains;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.RealServers;

/**
 * dns-01 and the CAA preflight against real DNS: BIND is authoritative for the test zones and
 * accepts TSIG-signed updates, and Pebble resolves and validates every name through it.
 */
class DnsValidationIT extends CertflowIT {

    private static final Duration ISSUANCE_TIMEOUT = Duration.ofSeconds(90);
    private static final String ISSUER = "pebble-dns";
    private static final String CAA_IDENTITY = "pebble.test";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    ManagementService managementService;

    ApiClient admin;
    BindServer bind;
    PebbleServer pebble;
    final Map<String, String> zoneIds = new HashMap<>();

    @BeforeAll
    void createIssuerAndZones() {
        admin = admin();
        bind = RealServers.bind();
        pebble = RealServers.dnsPebble();
        ApiClient.Response issuer = admin.post("/api/issuers", Map.of("name", ISSUER, "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true,
                "trustAnchorPem", pebble.trustAnchorPem(), "caaIdentity", CAA_IDENTITY));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        assertThat(issuer.json().path("caaIdentity").asText()).isEqualTo(CAA_IDENTITY);
        for (String zone : List.of("dns.test", "validation.test", "caa.test", "managed.caa-parent.test")) {
            zoneIds.put(zone, createZone(zone, bind.tsigSecret()));
        }
        zoneIds.put("badkey.test", createZone("badkey.test", randomSecret()));
    }

    private String createZone(String zone, String secret) {
        ApiClient.Response created = admin.post("/api/dns-zones", Map.of("zone", zone, "primaryServer", bind.address(),
                "tsigKeyName", bind.tsigKeyName(), "tsigAlgorithm", bind.tsigAlgorithm(), "tsigSecret", secret));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).as("the secret is never returned").doesNotContain(secret).doesNotContain("tsigSecret");
        return created.json().path("id").asText();
    }

    @Test
    void aWildcardAndItsApexAreIssuedThroughDns01AndTheTxtRecordsAreGoneAfterwards() throws Exception {
        JsonNode certificate = issue(Map.of("domains", List.of("*.dns.test", "dns.test"), "issuer", ISSUER,
                "validationMethod", "DNS_01"));

        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        List<X509Certificate> chain = chainOf(certificate);
        Chains.verify(chain, Pem.readCertificates(pebble.issuingRootsPem()).get(0));
        assertThat(sans(chain.get(0))).containsExactlyInAnyOrder("*.dns.test", "dns.test");
        assertThat(challengeTypes(certificate)).containsOnly("dns-01");
        assertThat(bind.query("_acme-challenge.dns.test", Type.TXT)).as("TXT records after issuance").isEmpty();
    }

    @Test
    void aCertificateMixesNamesProvenByHttp01AndByDns01() throws Exception {
        JsonNode certificate = issue(Map.of("domains", List.of("www.dns.test", "api.dns.test"), "issuer", ISSUER,
                "validationMethod", "HTTP_01", "validationMethods", Map.of("api.dns.test", "DNS_01")));

        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        assertThat(sans(chainOf(certificate).get(0))).containsExactlyInAnyOrder("www.dns.test", "api.dns.test");
        Map<String, String> types = new HashMap<>();
        jdbc.query("""
                select a.domain, a.challenge_type from certflow.domain_authorization a
                join certflow.certificate_request r on r.id = a.request_id where r.certificate_id = ?""",
                rs -> {
                    types.put(rs.getString(1), rs.getString(2));
                }, UUID.fromString(certificate.path("id").asText()));
        assertThat(types).containsEntry("www.dns.test", "http-01").containsEntry("api.dns.test", "dns-01");
        assertThat(bind.query("_acme-challenge.api.dns.test", Type.TXT)).isEmpty();
    }

    @Test
    void aNameWhoseChallengeIsDelegatedByCnameIsProvenInTheZoneTheCnamePointsInto() throws Exception {
        // customer.test is not Certflow's: _acme-challenge.shop.customer.test is a CNAME into validation.test.
        JsonNode certificate = issue(Map.of("domains", List.of("shop.customer.test"), "issuer", ISSUER,
                "validationMethod", "DNS_01"));

        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        List<String> recordNames = jdbc.queryForList("""
                select a.record_name from certflow.domain_authorization a
                join certflow.certificate_request r on r.id = a.request_id where r.certificate_id = ?""",
                String.class, UUID.fromString(certificate.path("id").asText()));
        assertThat(recordNames).containsExactly("shop.validation.test");
        assertThat(bind.query("shop.validation.test", Type.TXT)).isEmpty();
    }

    @Test
    void aWrongTsigSecretGivesAnIncidentNotALostRequestAndTheRequestFinishesOnceTheSecretIsFixed() {
        ApiClient.Response accepted = admin.post("/api/certificates", Map.of("domains", List.of("www.badkey.test"),
                "issuer", ISSUER, "validationMethod", "DNS_01"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();

        Incident incident = awaitIncidentMentioning("badkey.test", Duration.ofSeconds(60));
        assertThat(incident.getActivityId()).isEqualTo("Task_PresentChallenge");
        assertThat(incident.getIncidentMessage()).contains("NOTAUTH").contains("TSIG");
        JsonNode waiting = admin.get("/api/certificates/" + id).json();
        assertThat(waiting.path("status").asText()).as("kept, not failed").isEqualTo("VALIDATING");

        ApiClient.Response fixed = admin.put("/api/dns-zones/" + zoneIds.get("badkey.test"), Map.of(
                "primaryServer", bind.address(), "tsigKeyName", bind.tsigKeyName(), "tsigAlgorithm", bind.tsigAlgorithm(),
                "tsigSecret", bind.tsigSecret()));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        // What an operator does in Cockpit: retry the failed job.
        managementService.setJobRetries(incident.getConfiguration(), 1);

        JsonNode certificate = admin.awaitFinal(id, ISSUANCE_TIMEOUT);
        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        assertThat(bind.query("_acme-challenge.www.badkey.test", Type.TXT)).isEmpty();
    }

    @Test
    void aZoneWithACaaRecordForAnotherCaGetsTheIssuersRecordAddedAndTheCertificateIsIssued() {
        JsonNode certificate = issue(Map.of("domains", List.of("www.caa.test"), "issuer", ISSUER, "validationMethod", "DNS_01"));

        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        assertThat(bind.query("caa.test", Type.CAA)).contains("0 issue \"other-ca.example\"", "0 issue \"" + CAA_IDENTITY + "\"");
        JsonNode view = admin.get("/api/certificates/" + certificate.path("id").asText()).json();
        assertThat(view.path("caaRecordsAdded").toString()).contains("caa.test. CAA 0 issue \\\"" + CAA_IDENTITY + "\\\"");
    }

    @Test
    void aBlockingCaaRecordInAZoneCertflowDoesNotManageFailsTheRequestBeforeOrderingNamingTheRecord() {
        JsonNode certificate = issue(Map.of("domains", List.of("www.managed.caa-parent.test"), "issuer", ISSUER,
                "validationMethod", "DNS_01"));

        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("FAILED");
        assertThat(certificate.path("failureReason").asText())
                .contains("caa-parent.test. CAA 0 issue \"other-ca.example\"")
                .contains("does not manage the zone of caa-parent.test");
        List<String> orders = jdbc.queryForList("select order_url from certflow.certificate_request where certificate_id = ?",
                String.class, UUID.fromString(certificate.path("id").asText()));
        assertThat(orders).as("no order was placed").containsOnlyNulls();
        assertThat(bind.query("caa-parent.test", Type.CAA)).containsExactly("0 issue \"other-ca.example\"");
    }

    @Test
    void aNameInNoConfiguredZoneFailsWithTheReasonAndNoFreshOrder() {
        JsonNode certificate = issue(Map.of("domains", List.of("www.unmanaged.test"), "issuer", ISSUER, "validationMethod", "DNS_01"));

        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("FAILED");
        assertThat(certificate.path("failureReason").asText())
                .contains("No DNS zone is configured for _acme-challenge.www.unmanaged.test").contains("POST /api/dns-zones");
        Integer attempts = jdbc.queryForObject("select order_attempts from certflow.certificate_request where certificate_id = ?",
                Integer.class, UUID.fromString(certificate.path("id").asText()));
        assertThat(attempts).as("orders placed").isEqualTo(1);
    }

    @Test
    void badZonesAreRefusedWithAProblemThatSaysWhatIsWrong() {
        Map<String, Object> good = Map.of("zone", "other.test", "primaryServer", bind.address(), "tsigKeyName", "k",
                "tsigAlgorithm", "hmac-sha256", "tsigSecret", randomSecret());
        Map<String, String> cases = Map.of(
                "zone", "not a zone",
                "primaryServer", "ns1.example.test:99999",
                "tsigAlgorithm", "hmac-md5",
                "tsigSecret", "not base64!");
        cases.forEach((field, value) -> {
            Map<String, Object> body = new HashMap<>(good);
            body.put(field, value);
            ApiClient.Response refused = admin.post("/api/dns-zones", body);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).contains(field + ":");
        });
        ApiClient.Response duplicate = admin.post("/api/dns-zones", Map.of("zone", "dns.test", "primaryServer", bind.address(),
                "tsigKeyName", "k", "tsigSecret", randomSecret()));
        assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
        ApiClient.Response zones = admin.get("/api/dns-zones");
        assertThat(zones.status()).as(zones.body()).isEqualTo(200);
        assertThat(zones.json().findValuesAsText("zone")).as("the configured zones, none of the refused ones")
                .containsAll(zoneIds.keySet()).doesNotContain("other.test");
        assertThat(zones.body()).doesNotContain(bind.tsigSecret());
    }

    private JsonNode issue(Map<String, Object> request) {
        ApiClient.Response accepted = admin.post("/api/certificates", request);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return admin.awaitFinal(accepted.json().path("id").asText(), ISSUANCE_TIMEOUT);
    }

    private List<X509Certificate> chainOf(JsonNode certificate) throws Exception {
        ApiClient.Response chain = admin.get("/api/certificates/" + certificate.path("id").asText() + "/chain");
        assertThat(chain.status()).isEqualTo(200);
        return Pem.readCertificates(chain.body());
    }

    private List<String> challengeTypes(JsonNode certificate) {
        return jdbc.queryForList("""
                select a.challenge_type from certflow.domain_authorization a
                join certflow.certificate_request r on r.id = a.request_id where r.certificate_id = ?""",
                String.class, UUID.fromString(certificate.path("id").asText()));
    }

    private static List<String> sans(X509Certificate leaf) throws Exception {
        return leaf.getSubjectAlternativeNames().stream().map(san -> (String) san.get(1)).toList();
    }

    private Incident awaitIncidentMentioning(String text, Duration max) {
        return Awaitility.await("an incident mentioning " + text).atMost(max).pollInterval(Duration.ofMillis(200))
                .until(() -> runtimeService.createIncidentQuery().list().stream()
                        .filter(incident -> incident.getIncidentMessage() != null && incident.getIncidentMessage().contains(text))
                        .findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
