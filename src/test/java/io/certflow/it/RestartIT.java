package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Pem;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.Chains;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;

/**
 * Certflow is killed (SIGKILL) while issuances are in flight; after a restart on the same database
 * every certificate is issued, exactly once.
 */
class RestartIT {

    private static final int CERTIFICATES = 20;
    private static final String PASSWORD = "restart-it-admin-password";

    @Test
    void aCrashInTheMiddleOfIssuancesLosesNothingAndIssuesEachCertificateOnce() throws Exception {
        int http01Port = RealServers.freePort();
        int apiPort = RealServers.freePort();
        Path dataDir = Files.createTempDirectory("certflow-restart-it");
        try (PostgresServer postgres = PostgresServer.fromEnvironment();
             PebbleServer pebble = PebbleServer.builder().http01Port(http01Port).start()) {
            PostgresServer.Database database = postgres.createDatabase("certflow_restart");
            List<String> arguments = CertflowProcess.onPostgres(database, dataDir, http01Port,
                    // Jobs the killed JVM had locked are taken over once their lock expires.
                    "--camunda.bpm.job-execution.lock-time-in-millis=5000",
                    // This JVM and the test JVM's Certflow share PostgreSQL's connection slots.
                    "--spring.datasource.hikari.maximum-pool-size=40");
            ApiClient admin = new ApiClient("http://127.0.0.1:" + apiPort, "admin", PASSWORD);
            Path log = dataDir.resolve("certflow.log");
            Map<String, String> env = Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD);

            List<String> ids = new ArrayList<>();
            try (CertflowProcess first = new CertflowProcess(apiPort, log, env, arguments)) {
                first.start(admin, Duration.ofSeconds(120));
                ApiClient.Response issuer = admin.post("/api/issuers", Map.of("name", "pebble", "type", "ACME",
                        "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", pebble.trustAnchorPem()));
                assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
                for (int i = 0; i < CERTIFICATES; i++) {
                    ApiClient.Response accepted = admin.post("/api/certificates",
                            Map.of("domains", List.of("restart-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + ".test"),
                                    "issuer", "pebble"));
                    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
                    ids.add(accepted.json().path("id").asText());
                }
                awaitFirstIssued(admin, Duration.ofSeconds(60));
                long finalBeforeCrash = countFinal(admin, ids);
                first.kill();
                assertThat(finalBeforeCrash).as("the crash must hit issuances in flight").isLessThan(CERTIFICATES);
            }

            try (CertflowProcess second = new CertflowProcess(apiPort, log, env, arguments)) {
                second.start(admin, Duration.ofSeconds(120));
                X509Certificate root = Pem.readCertificates(pebble.issuingRootsPem()).get(0);
                List<String> serials = new ArrayList<>();
                for (String id : ids) {
                    JsonNode certificate = admin.awaitFinal(id, Duration.ofSeconds(120));
                    assertThat(certificate.path("status").asText()).as(certificate + "\n" + second.tail()).isEqualTo("ISSUED");
                    List<X509Certificate> chain = Pem.readCertificates(admin.get("/api/certificates/" + id + "/chain").body());
                    Chains.verify(chain, root);
                    serials.add(chain.get(0).getSerialNumber().toString(16));
                }
                // Counted at the CA: every certificate was issued once, and nothing else was.
                assertThat(pebble.issuedSerials()).as("certificates Pebble issued").containsExactlyInAnyOrderElementsOf(serials);
                assertThat(pebble.ordersPlaced()).as("orders Pebble accepted (a validation the crash interrupted may earn one more)")
                        .isBetween((long) CERTIFICATES, 2L * CERTIFICATES);
            }
        }
    }

    private static void awaitFirstIssued(ApiClient admin, Duration max) {
        Awaitility.await("a first certificate issued before the planned crash").atMost(max).pollInterval(Duration.ofMillis(50))
                .until(() -> admin.get("/api/certificates?status=ISSUED&size=1").json().path("total").asLong() > 0);
    }

    private static long countFinal(ApiClient admin, List<String> ids) {
        return admin.get("/api/certificates?status=ISSUED&size=200").json().path("total").asLong()
                + admin.get("/api/certificates?status=FAILED&size=200").json().path("total").asLong();
    }
}
