package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.NginxServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.ServerCertificates;
import io.certflow.it.support.TenantUsers;

/**
 * Run Now renews a deployed certificate: the successor is issued for the same names, deployed to the
 * nginx its predecessor is served by, and only then takes its place (the predecessor SUPERSEDED). Time
 * is simulated in the inventory: a certificate's validity is moved into the past, as if it had been
 * issued 89 days ago, because no CA here backdates certificates and no test waits for weeks.
 */
class RenewalIT extends CertflowIT {

    private static final String TENANT = "renewco";
    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.certflow.renewal.ExpiryWarnings expiryWarnings;

    ApiClient administrator;
    ApiClient member;
    ApiClient otherTenant;
    NginxServer nginx;
    Path root;
    ServerCertificates.Issued initial;
    Path stubbornSite;

    @BeforeAll
    void aTenantWithAPrivateCaAndAnNginx() throws IOException {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "renata", "renata-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "rolf", "rolf-password-1");
        otherTenant = TenantUsers.administratorOf(identityService, baseUrl(), "otherrenewco", "ruth", "ruth-password-1");
        assertThat(administrator.post("/api/issuers", Map.of("name", "renewco-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
        root = Files.createDirectories(RealServers.deploymentRoot().resolve("renewal-it/site"));
        initial = ServerCertificates.newCa().issue("www.renewco.test");
        initial.writePemFiles(root);
        stubbornSite = Files.createDirectories(root.resolveSibling("stubborn"));
        ServerCertificates.newCa().issue("stubborn.renewco.test").writePemFiles(stubbornSite);
        nginx = NginxServer.builder().site("www.renewco.test", root).site("stubborn.renewco.test", stubbornSite).certificateDir(root)
                .start();
        RealServers.useReloadCommand(nginx.reloadCommand());
    }

    @AfterAll
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private JsonNode issue(String name) {
        ApiClient.Response accepted = administrator.post("/api/certificates", Map.of("tenant", TENANT, "domains", List.of(name),
                "issuer", "renewco-ca"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode certificate = administrator.awaitFinal(accepted.json().path("id").asText(), WITHIN);
        assertThat(certificate.path("status").asText()).isEqualTo("ISSUED");
        return certificate;
    }

    /** As if the certificate had been issued 89 days ago with 90 days of validity. */
    private void age(String certificateId) {
        Instant now = Instant.now();
        jdbc.update("update certflow.certificate set not_before = ?, not_after = ? where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(89))), Timestamp.from(now.plus(Duration.ofDays(1))), UUID.fromString(certificateId));
    }

    private JsonNode awaitStatus(String certificateId, String status) {
        return Awaitility.await(certificateId + " " + status).atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> administrator.get("/api/certificates/" + certificateId).json(), c -> c.path("status").asText().equals(status));
    }

    @Test
    void runNowRenewsADueCertificateDeploysTheSuccessorToNginxAndSupersedesThePredecessor() throws IOException {
        ApiClient.Response target = administrator.post("/api/deployment-targets", Map.of("name", "www", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", root.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                        "keyPath", root.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", "www.renewco.test"),
                "reloadCommand", "it-reload"));
        assertThat(target.status()).as(target.body()).isEqualTo(201);
        JsonNode old = issue("www.renewco.test");
        String oldId = old.path("id").asText();
        String deployment = administrator.post("/api/certificates/" + oldId + "/deployments",
                Map.of("targetId", target.json().path("id").asText())).json().path("id").asText();
        Awaitility.await().atMost(WITHIN).until(() -> administrator.get("/api/deployments/" + deployment).json(),
                d -> d.path("state").asText().equals("DEPLOYED"));
        age(oldId);
        administrator.put("/api/tenants/" + TENANT + "/renewal-policy", Map.of("enabled", false));
        assertThat(administrator.get("/api/certificates/" + oldId).json().path("renewal").path("plannedAt").isTextual())
                .as("no plan while the policy is off").isFalse();
        ApiClient.Response policy = administrator.put("/api/tenants/" + TENANT + "/renewal-policy",
                Map.of("enabled", true, "windowDays", 30, "autoProvision", true));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        assertThat(administrator.get("/api/tenants/" + TENANT + "/renewal-status").json().path("eligibleNow").asLong())
                .isGreaterThanOrEqualTo(1);
        JsonNode plan = administrator.get("/api/certificates/" + oldId).json().path("renewal");
        assertThat(plan.path("source").asText()).isEqualTo("POLICY");
        assertThat(Instant.parse(plan.path("effectiveWindowStart").asText())).isBefore(Instant.now());
        assertThat(Instant.parse(plan.path("plannedAt").asText())).isBefore(Instant.now())
                .isAfterOrEqualTo(Instant.parse(plan.path("effectiveWindowStart").asText()));

        ApiClient.Response run = member.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");
        assertThat(run.status()).as("any member may ask for a run: " + run.body()).isEqualTo(202);

        JsonNode superseded = awaitStatus(oldId, "SUPERSEDED");
        String successorId = superseded.path("successorId").asText();
        JsonNode successor = administrator.get("/api/certificates/" + successorId).json();
        assertThat(successor.path("status").asText()).isEqualTo("ISSUED");
        assertThat(successor.path("predecessorId").asText()).isEqualTo(oldId);
        assertThat(successor.path("domains")).extracting(JsonNode::asText).containsExactly("www.renewco.test");
        assertThat(successor.path("keyType").asText()).isEqualTo(old.path("keyType").asText());
        assertThat(superseded.path("renewal").path("successorId").asText()).isEqualTo(successorId);
        assertThat(superseded.path("renewal").path("lastAttempt").isTextual()).isTrue();
        assertThat(nginx.servedCertificate("www.renewco.test").getSerialNumber())
                .as("nginx serves the successor").isEqualTo(new BigInteger(successor.path("serialNumber").asText(), 16));
        JsonNode deployments = administrator.get("/api/certificates/" + successorId + "/deployments").json();
        assertThat(deployments.path("items").get(0).path("state").asText()).isEqualTo("DEPLOYED");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(oldId)
                .processDefinitionKey("CertificateRenewalProcess").singleResult().getEndActivityId()).isEqualTo("EndEvent_Renewed");
        JsonNode status = Awaitility.await().atMost(WITHIN).until(
                () -> administrator.get("/api/tenants/" + TENANT + "/renewal-status").json(),
                s -> s.path("lastRun").path("finishedAt").isTextual() && s.path("renewalsInFlight").asLong() == 0);
        assertThat(status.path("lastRun").path("renewalsStarted").asInt()).isEqualTo(1);
        assertThat(status.path("active").asBoolean()).isTrue();
        assertThat(status.path("nextScheduledRun").isTextual()).as("the daily timer is scheduled").isTrue();

        ApiClient.Response again = administrator.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");
        assertThat(again.status()).isEqualTo(202);
        Awaitility.await().atMost(WITHIN).until(() -> administrator.get("/api/tenants/" + TENANT + "/renewal-status").json(),
                s -> s.path("lastRun").path("id").asText().equals(again.json().path("id").asText())
                        && s.path("lastRun").path("finishedAt").isTextual());
        assertThat(jdbc.queryForObject("select count(*) from certflow.certificate where predecessor_id = ?", Long.class,
                UUID.fromString(oldId))).as("renewed once: a second run finds nothing due").isEqualTo(1);
    }

    @Test
    void renewNowRenewsOneCertificateAtOnceOutsideItsWindowOnceOnlyAndRefusesWhatItCannotRenew() {
        String id = issue("now.renewco.test").path("id").asText();
        administrator.put("/api/certificates/" + id + "/auto-management", Map.of("enabled", false));

        ApiClient.Response started = member.post("/api/certificates/" + id + "/renewals", "{}");
        assertThat(started.status()).as("any member may renew now: " + started.body()).isEqualTo(202);
        assertThat(started.json().path("certificateId").asText()).isEqualTo(id);
        assertThat(started.json().path("state").asText()).isEqualTo("ISSUING");
        assertThat(started.json().path("processInstanceId").isTextual()).isTrue();
        ApiClient.Response twice = member.post("/api/certificates/" + id + "/renewals", "{}");
        assertThat(twice.status()).as("in flight, or renewed already: " + twice.body()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith("application/problem+json");

        JsonNode superseded = awaitStatus(id, "SUPERSEDED");
        JsonNode successor = administrator.get("/api/certificates/" + superseded.path("successorId").asText()).json();
        assertThat(successor.path("status").asText()).isEqualTo("ISSUED");
        assertThat(successor.path("predecessorId").asText()).isEqualTo(id);
        ApiClient.Response after = member.post("/api/certificates/" + id + "/renewals", "{}");
        assertThat(after.status()).isEqualTo(409);
        assertThat(after.json().path("detail").asText()).contains("SUPERSEDED");
        assertThat(jdbc.queryForObject("select count(*) from certflow.certificate where predecessor_id = ?", Long.class,
                UUID.fromString(id))).as("renewed once").isEqualTo(1);

        ServerCertificates.Issued outside = ServerCertificates.newCa().issue("uploaded.renewco.test");
        ApiClient.Response uploaded = administrator.upload("/api/certificates/upload", Map.of("tenant", TENANT), "bundle.pem",
                (outside.fullChainPem() + outside.privateKeyPem()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        ApiClient.Response refused = member.post("/api/certificates/" + uploaded.json().path("id").asText() + "/renewals", "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("uploaded", "/replace");

        String fresh = issue("fresh.renewco.test").path("id").asText();
        assertThat(otherTenant.post("/api/certificates/" + fresh + "/renewals", "{}").status()).as("another tenant's").isEqualTo(404);
        assertThat(member.post("/api/certificates/not-an-id/renewals", "{}").status()).isEqualTo(400);
        assertThat(member.post("/api/certificates/" + UUID.randomUUID() + "/renewals", "{}").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from certflow.renewal where certificate_id = ?", Long.class,
                UUID.fromString(fresh))).as("nothing started for the refused").isZero();
    }

    @Test
    void aSuccessorWhoseDeploymentRolledBackIsDeployedAgainByTheNextRunNotOrderedAgainAndEachOutcomeIsMailed() throws Exception {
        String contact = "ops@renewco.test";
        assertThat(administrator.put("/api/tenants/" + TENANT + "/notification-settings",
                Map.of("contacts", List.of(contact), "level", "ALL")).status()).isEqualTo(200);
        Path site = stubbornSite;
        // `true` as the reload: nginx is never told, so the successor's deployment is rolled back after the grace period.
        ApiClient.Response created = administrator.post("/api/deployment-targets", Map.of("name", "stubborn", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", site.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                        "keyPath", site.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", "stubborn.renewco.test"),
                "reloadCommand", "it-reload"));
        String targetId = created.json().path("id").asText();
        JsonNode old = issue("stubborn.renewco.test");
        String oldId = old.path("id").asText();
        String first = administrator.post("/api/certificates/" + oldId + "/deployments", Map.of("targetId", targetId)).json()
                .path("id").asText();
        Awaitility.await().atMost(WITHIN).until(() -> administrator.get("/api/deployments/" + first).json(),
                d -> d.path("final").asBoolean());
        Map<String, Object> stubborn = new java.util.HashMap<>(Map.of("name", "stubborn", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", site.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                        "keyPath", site.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", "stubborn.renewco.test"),
                "reloadCommand", "test-reload"));
        assertThat(administrator.put("/api/deployment-targets/" + targetId, stubborn).status()).isEqualTo(200);
        age(oldId);
        administrator.put("/api/tenants/" + TENANT + "/renewal-policy", Map.of("enabled", true, "windowDays", 30, "autoProvision", true));

        administrator.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");

        JsonNode failed = Awaitility.await().atMost(WITHIN).until(() -> administrator.get("/api/certificates/" + oldId).json(),
                c -> c.path("renewal").path("lastFailure").isTextual());
        assertThat(failed.path("status").asText()).as("the predecessor stays as it was").isEqualTo("ISSUED");
        assertThat(failed.path("renewal").path("lastFailure").asText()).contains("ROLLED_BACK", "deploys it again");
        String successorId = failed.path("renewal").path("successorId").asText();
        assertThat(administrator.get("/api/certificates/" + successorId).json().path("status").asText()).isEqualTo("ISSUED");
        Awaitility.await().atMost(WITHIN).until(() -> subjects(contact).stream().anyMatch(subject ->
                subject.equals("Renewal failed: stubborn.renewco.test")));

        stubborn.put("reloadCommand", "it-reload");
        assertThat(administrator.put("/api/deployment-targets/" + targetId, stubborn).status()).isEqualTo(200);
        administrator.post("/api/tenants/" + TENANT + "/renewal-runs", "{}");

        JsonNode superseded = awaitStatus(oldId, "SUPERSEDED");
        assertThat(superseded.path("successorId").asText()).as("the same successor, deployed this time").isEqualTo(successorId);
        assertThat(jdbc.queryForObject("select count(*) from certflow.certificate where predecessor_id = ?", Long.class,
                UUID.fromString(oldId))).as("one successor ordered in all").isEqualTo(1);
        Awaitility.await().atMost(WITHIN).until(() -> subjects(contact).contains("Renewed: stubborn.renewco.test"));
        assertThat(subjects(contact).stream().filter(subject -> subject.startsWith("Renewal failed")).count())
                .as("the failure was mailed once").isEqualTo(1);
    }

    @Test
    void certificatesThatExpireWithoutBeingRenewedAreWarnedOfOnceAtEachThresholdAndTheExpiredOnesAreFailures() throws Exception {
        String contact = "expiry@renewco.test";
        assertThat(administrator.put("/api/tenants/" + TENANT + "/notification-settings",
                Map.of("contacts", List.of(contact), "level", "FAILURES_WARNINGS_DEFERRALS")).status()).isEqualTo(200);
        String unmanaged = issue("unmanaged.renewco.test").path("id").asText();
        assertThat(administrator.put("/api/certificates/" + unmanaged + "/auto-management", Map.of("enabled", false)).status())
                .isEqualTo(200);
        String expired = issue("expired.renewco.test").path("id").asText();
        Instant now = Instant.now();
        jdbc.update("update certflow.certificate set not_before = ?, not_after = ? where id = ?", Timestamp.from(now.minus(Duration.ofDays(85))),
                Timestamp.from(now.plus(Duration.ofDays(5))), UUID.fromString(unmanaged));
        jdbc.update("update certflow.certificate set not_before = ?, not_after = ? where id = ?", Timestamp.from(now.minus(Duration.ofDays(91))),
                Timestamp.from(now.minus(Duration.ofHours(1))), UUID.fromString(expired));

        warnAll();
        warnAll();

        Awaitility.await().atMost(WITHIN).until(() -> subjects(contact).size() >= 2);
        assertThat(subjects(contact)).containsExactlyInAnyOrder("Expires in 7 days: unmanaged.renewco.test",
                "Expired: expired.renewco.test");
    }

    private void warnAll() {
        String cursor = null;
        do {
            cursor = expiryWarnings.warnNextPage(cursor, 50);
        } while (cursor != null);
    }

    private List<String> subjects(String address) {
        return RealServers.mailServer().receivedBy(address).stream().map(message -> {
            try {
                return message.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void onlyTheTenantsAdministratorsChangeThePolicyAndBadValuesChangeNothing() {
        assertThat(member.get("/api/tenants/" + TENANT + "/renewal-policy").status()).isEqualTo(200);
        ApiClient.Response refused = member.put("/api/tenants/" + TENANT + "/renewal-policy", Map.of("enabled", false));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(otherTenant.get("/api/tenants/" + TENANT + "/renewal-policy").status()).isEqualTo(404);
        assertThat(otherTenant.post("/api/tenants/" + TENANT + "/renewal-runs", "{}").status()).isEqualTo(404);
        JsonNode before = administrator.get("/api/tenants/" + TENANT + "/renewal-policy").json();

        for (Map<String, Object> bad : List.of(Map.<String, Object>of("enabled", true, "windowDays", 0),
                Map.<String, Object>of("enabled", true, "windowDays", 366),
                Map.<String, Object>of("enabled", true, "defaultTemplate", "no-such-template"),
                Map.<String, Object>of("windowDays", 10))) {
            ApiClient.Response answer = administrator.put("/api/tenants/" + TENANT + "/renewal-policy", bad);
            assertThat(answer.status()).as(bad + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(administrator.get("/api/tenants/" + TENANT + "/renewal-policy").json()).isEqualTo(before);
    }
}
