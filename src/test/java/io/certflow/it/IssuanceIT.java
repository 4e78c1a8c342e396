package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;


import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.Chains;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.RealServers;

/**
 * Certificates requested over the REST API are issued by a real ACME CA (Pebble, with its default
 * nonce rejection on) through the BPMN processes, on a real PostgreSQL.
 */
class IssuanceIT extends CertflowIT {

    private static final Duration ISSUANCE_TIMEOUT = Duration.ofSeconds(90);

    @Autowired
    CertificateStore certificates;
    @Autowired
    KeyProtection keyProtection;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    HistoryService historyService;

    ApiClient admin;
    PebbleServer pebble;

    @BeforeAll
    void createAcmeIssuer() {
        pebble = RealServers.pebble();
        admin = new ApiClient(baseUrl(), "admin", RealServers.ADMIN_PASSWORD);
        ApiClient.Response created = admin.post("/api/issuers", Map.of(
                "name", "pebble",
                "type", "ACME",
                "directoryUrl", pebble.directoryUrl(),
                "contactEmail", "ops@certflow.test",
                "termsOfServiceAgreed", true,
                "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(created.status()).as(created.body()).isIn(201, 409);
    }

    @Test
    void certificatesRequestedOverTheApiAreIssuedAndChainToPebblesRoot() throws Exception {
        X509Certificate root = Pem.readCertificates(pebble.issuingRootsPem()).get(0);
        List<List<String>> names = List.of(
                List.of("www.shop-" + suffix() + ".test", "shop-" + suffix() + ".test"),
                List.of("api-" + suffix() + ".test"),
                List.of("mail-" + suffix() + ".test"));
        List<String> keyTypes = List.of("EC_P256", "EC_P384", "RSA_2048");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ApiClient.Response accepted = admin.post("/api/certificates",
                    Map.of("domains", names.get(i), "issuer", "pebble", "keyType", keyTypes.get(i)));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.json().path("processInstanceId").asText()).isNotBlank();
            ids.add(accepted.json().path("id").asText());
        }
        for (int i = 0; i < ids.size(); i++) {
            JsonNode certificate = admin.awaitFinal(ids.get(i), ISSUANCE_TIMEOUT);
            assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
            assertThat(certificate.path("issuer").asText()).isEqualTo("pebble");
            assertThat(certificate.path("keyType").asText()).isEqualTo(keyTypes.get(i));

            ApiClient.Response chainResponse = admin.get("/api/certificates/" + ids.get(i) + "/chain");
            assertThat(chainResponse.status()).isEqualTo(200);
            List<X509Certificate> chain = Pem.readCertificates(chainResponse.body());
            Chains.verify(chain, root);
            X509Certificate leaf = chain.get(0);
            List<String> sans = leaf.getSubjectAlternativeNames().stream().map(san -> (String) san.get(1)).toList();
            assertThat(sans).containsExactlyInAnyOrderElementsOf(names.get(i));
            assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(certificate.path("serialNumber").asText());
            assertThat(Pem.sha256Fingerprint(leaf)).isEqualTo(certificate.path("sha256Fingerprint").asText());

            String storedKey = certificates.findPrivateKeyEnc(UUID.fromString(ids.get(i))).orElseThrow();
            assertThat(storedKey).startsWith("v1:").doesNotContain("PRIVATE KEY");
            PrivateKey key = keyProtection.unprotect(storedKey, "certificate-key");
            assertThat(Keys.samePublicKey(Keys.publicKeyOf(key), leaf.getPublicKey())).as("stored key matches the leaf").isTrue();
        }
    }

    @Test
    void aBurstOfFirstRequestsToANewIssuerRegistersOneAccountAtTheCa() throws Exception {
        String issuer = "pebble-burst-" + suffix();
        ApiClient.Response created = admin.post("/api/issuers", Map.of("name", issuer, "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long accountsBefore = pebble.accountsRegistered();

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> submitted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "burst" + i + "-" + suffix() + ".test";
            submitted.add(clients.submit(() -> admin.post("/api/certificates",
                    Map.of("domains", List.of(name), "issuer", issuer)).json().path("id").asText()));
        }
        for (Future<String> id : submitted) {
            JsonNode certificate = admin.awaitFinal(id.get(), ISSUANCE_TIMEOUT);
            assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        }
        clients.shutdown();

        assertThat(pebble.accountsRegistered() - accountsBefore).as("accounts Pebble registered for the burst").isEqualTo(1);
        String issuerId = created.json().path("id").asText();
        assertThat(admin.get("/api/issuers/" + issuerId).json().path("accountUrl").asText()).as("the account Certflow keeps")
                .contains("/my-account/");
    }

    @Test
    void aNameWhoseChallengeCannotBeReachedEndsFailedWithPebblesProblemAndTheTokenIsWithdrawn() throws Exception {
        String name = "unreachable-" + suffix() + ".test";
        // pebble-challtestsrv now answers 127.0.0.2 for this name, where Certflow does not listen.
        HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(pebble.challTestSrvManagementUrl() + "/add-a"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"" + name + ".\",\"addresses\":[\"127.0.0.2\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isEqualTo(200);

        ApiClient.Response accepted = admin.post("/api/certificates", Map.of("domains", List.of(name), "issuer", "pebble"));
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode certificate = admin.awaitFinal(accepted.json().path("id").asText(), ISSUANCE_TIMEOUT);

        assertThat(certificate.path("status").asText()).isEqualTo("FAILED");
        assertThat(certificate.path("failureReason").asText())
                .contains("Validation of " + name + " failed")
                .contains("urn:ietf:params:acme:error:connection");
        assertThat(certificate.has("serialNumber")).isFalse();
        // Operators find the same reason in the engine's history of the instance.
        var reasonInHistory = historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(accepted.json().path("processInstanceId").asText())
                .variableName("failureReason").singleResult();
        assertThat(reasonInHistory).isNotNull();
        assertThat((String) reasonInHistory.getValue()).contains("Validation of " + name + " failed");
        List<String> live = jdbc.queryForList("""
                select a.status from certflow.domain_authorization a join certflow.certificate_request r on r.id = a.request_id
                where r.certificate_id = ?""", String.class, UUID.fromString(accepted.json().path("id").asText()));
        assertThat(live).isNotEmpty().doesNotContain("PRESENTED", "TRIGGERED");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
