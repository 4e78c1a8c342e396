package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
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
 * Deployments to a real nginx: Certflow writes the PEM files nginx serves, runs the reload command that signals
 * it, and ends DEPLOYED only when its own TLS client sees the new serial; a reload that fails or never takes
 * effect is rolled back, and nginx serves the old certificate again. Each test has its own site (server name,
 * directory, target), so their deployments never share a target.
 */
class DeploymentIT extends CertflowIT {

    private static final String TENANT = "shipco";
    private static final Duration ISSUED_WITHIN = Duration.ofSeconds(60);
    /** The ITs' grace period is 15 s; a rollback after it takes a few seconds more. */
    private static final Duration FINAL_WITHIN = Duration.ofSeconds(60);
    private static final List<String> SITES = List.of("served", "failing", "broken", "stubborn", "requested", "busy", "bound", "escape",
            "hostile");

    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    JdbcTemplate jdbc;

    ApiClient administrator;
    ApiClient member;
    ApiClient otherTenant;
    NginxServer nginx;
    Path root;
    final Map<String, ServerCertificates.Issued> initial = new HashMap<>();

    @BeforeAll
    void nginxWithOneSitePerTestAndATenantWithAPrivateCa() throws IOException {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "nils", "nils-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "nora", "nora-password-1");
        otherTenant = TenantUsers.administratorOf(identityService, baseUrl(), "othershipco", "oskar", "oskar-password-1");
        assertThat(administrator.post("/api/issuers", Map.of("name", "shipco-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);

        root = RealServers.deploymentRoot().resolve("nginx-it");
        ServerCertificates ca = ServerCertificates.newCa();
        NginxServer.Builder builder = NginxServer.builder().certificateDir(Files.createDirectories(root.resolve("default")));
        ca.issue("default.shipco.test").writePemFiles(root.resolve("default"));
        for (String site : SITES) {
            Path dir = Files.createDirectories(root.resolve(site));
            ServerCertificates.Issued first = ca.issue(serverName(site));
            first.writePemFiles(dir);
            initial.put(site, first);
            builder.site(serverName(site), dir);
        }
        nginx = builder.start();
        RealServers.useReloadCommand(nginx.reloadCommand());
    }

    @AfterAll
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String serverName(String site) {
        return site + ".shipco.test";
    }

    private String createTarget(String site, String reloadCommand) {
        return createTarget(site, reloadCommand, Map.of(
                "fullChainPath", root.resolve(site).resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                "keyPath", root.resolve(site).resolve(NginxServer.PRIVATE_KEY_FILE).toString()));
    }

    private String createTarget(String site, String reloadCommand, Map<String, Object> files) {
        Map<String, Object> target = Map.of("name", site, "kind", "PEM_FILES", "files", files,
                "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", serverName(site)),
                "reloadCommand", reloadCommand);
        ApiClient.Response created = administrator.post("/api/deployment-targets", target);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private JsonNode issue(String site) {
        return issue(site, List.of());
    }

    private JsonNode issue(String site, List<String> deployTo) {
        ApiClient.Response accepted = administrator.post("/api/certificates", Map.of("tenant", TENANT,
                "domains", List.of(serverName(site)), "issuer", "shipco-ca", "deployTo", deployTo));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode certificate = administrator.awaitFinal(accepted.json().path("id").asText(), ISSUED_WITHIN);
        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        return certificate;
    }

    private ApiClient.Response deploy(ApiClient client, JsonNode certificate, String targetId) {
        return client.post("/api/certificates/" + certificate.path("id").asText() + "/deployments", Map.of("targetId", targetId));
    }

    private JsonNode awaitFinalDeployment(String deploymentId) {
        return Awaitility.await("deployment " + deploymentId + " to end").atMost(FINAL_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> administrator.get("/api/deployments/" + deploymentId).json(), d -> d.path("final").asBoolean());
    }

    private static BigInteger serial(JsonNode certificate) {
        return new BigInteger(certificate.path("serialNumber").asText(), 16);
    }

    private BigInteger served(String site) throws IOException {
        return nginx.servedCertificate(serverName(site)).getSerialNumber();
    }

    private Map<String, byte[]> files(String site) throws IOException {
        Path dir = root.resolve(site);
        return Map.of(NginxServer.FULL_CHAIN_FILE, Files.readAllBytes(dir.resolve(NginxServer.FULL_CHAIN_FILE)),
                NginxServer.PRIVATE_KEY_FILE, Files.readAllBytes(dir.resolve(NginxServer.PRIVATE_KEY_FILE)));
    }

    // Deployed

    @Test
    void aDeploymentWritesTheFilesReloadsNginxAndEndsDeployedOnceNginxServesTheNewSerial() throws IOException {
        String target = createTarget("served", "it-reload");
        JsonNode certificate = issue("served");
        String id = certificate.path("id").asText();
        assertThat(administrator.get("/api/certificates?deployed=false&size=200").body()).contains(id);

        ApiClient.Response started = member.post("/api/certificates/" + id + "/deployments", Map.of("targetId", target));
        assertThat(started.status()).as("any member of the tenant may deploy: " + started.body()).isEqualTo(202);
        String deploymentId = started.json().path("id").asText();
        assertThat(started.location()).isEqualTo("/api/deployments/" + deploymentId);
        assertThat(started.json().path("state").asText()).isIn("PENDING", "WRITING", "RELOADING", "VERIFYING");

        JsonNode deployment = awaitFinalDeployment(deploymentId);

        assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("DEPLOYED");
        assertThat(served("served")).as("what our own TLS client sees").isEqualTo(serial(certificate));
        assertThat(deployment.path("servedSerial").asText()).isEqualTo(certificate.path("serialNumber").asText());
        assertThat(deployment.path("expectedSerial").asText()).isEqualTo(certificate.path("serialNumber").asText());
        assertThat(deployment.path("previousSerial").asText()).isEqualTo(initial.get("served").serial().toString(16));
        assertThat(deployment.path("verified").asBoolean()).isTrue();
        assertThat(deployment.path("reloadExitCode").asInt()).isZero();
        assertThat(deployment.path("targetName").asText()).isEqualTo("served");
        assertThat(deployment.path("requestedBy").asText()).isEqualTo("nora");
        assertThat(deployment.path("finishedAt").isTextual()).isTrue();
        assertThat(Files.getPosixFilePermissions(root.resolve("served").resolve(NginxServer.PRIVATE_KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(root.resolve("served").resolve(NginxServer.PRIVATE_KEY_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");

        JsonNode listed = administrator.get("/api/certificates/" + id + "/deployments").json();
        assertThat(listed.path("total").asInt()).isEqualTo(1);
        assertThat(listed.path("items").get(0).path("id").asText()).isEqualTo(deploymentId);
        assertThat(administrator.get("/api/certificates?deployed=false&size=200").body()).doesNotContain(id);
        assertThat(administrator.get("/api/certificates?deployed=true&size=200").body()).contains(id);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(deploymentId).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_Deployed");
        assertThat(keptCopies()).as("the kept copy is removed once the deployment ended").doesNotContain(deploymentId);
        assertThat(otherTenant.get("/api/deployments/" + deploymentId).status()).as("another tenant does not see it").isEqualTo(404);
    }

    // Rolled back

    @Test
    void aReloadThatNginxRefusesIsRolledBackAndNginxServesTheOldCertificateFromTheOldFiles() throws IOException {
        // The target writes the full chain only, so nginx finds the new certificate beside the old key and its
        // reload (nginx -s reload) exits 1; with the old files put back, the same reload succeeds.
        String target = createTarget("failing", "it-reload", Map.of(
                "fullChainPath", root.resolve("failing").resolve(NginxServer.FULL_CHAIN_FILE).toString()));
        Map<String, byte[]> before = files("failing");
        JsonNode certificate = issue("failing");

        JsonNode deployment = awaitFinalDeployment(deploy(administrator, certificate, target).json().path("id").asText());

        assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("ROLLED_BACK");
        assertThat(deployment.path("reason").asText()).contains("reload command 'it-reload'", "exited with 1");
        assertThat(deployment.path("reloadExitCode").asInt()).as("the reload after the restore").isZero();
        assertThat(files("failing")).as("the old files, byte for byte").containsExactlyInAnyOrderEntriesOf(before);
        assertThat(served("failing")).isEqualTo(initial.get("failing").serial());
        assertThat(historyService.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(deployment.path("id").asText()).singleResult().getEndActivityId())
                .as("a business outcome in Cockpit's history, not an incident").isEqualTo("EndEvent_RolledBack");
        assertThat(historyService.createHistoricVariableInstanceQuery().variableName("failureReason")
                .processInstanceId(deployment.path("processInstanceId").asText()).singleResult().getValue())
                .as("the reason in Cockpit's history").isEqualTo(deployment.path("reason").asText());
        assertThat(runtimeService.createIncidentQuery().processInstanceId(deployment.path("processInstanceId").asText()).count())
                .isZero();
        assertThat(administrator.get("/api/certificates?deployed=false&size=200").body()).contains(certificate.path("id").asText());
    }

    @Test
    void aRollbackWhoseReloadFailsTooIsAnIncidentForAPersonAndTheOldFilesAreBack() throws IOException {
        String target = createTarget("broken", "failing-reload");
        Map<String, byte[]> before = files("broken");
        JsonNode certificate = issue("broken");
        String deploymentId = deploy(administrator, certificate, target).json().path("id").asText();

        JsonNode deployment = Awaitility.await().atMost(FINAL_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> administrator.get("/api/deployments/" + deploymentId).json(), d -> incidentAt(d, "Task_ReloadRestored"));

        assertThat(deployment.path("state").asText()).as("not final: a person must look").isEqualTo("ROLLING_BACK");
        assertThat(deployment.path("final").asBoolean()).isFalse();
        assertThat(deployment.path("reason").asText()).contains("reload command 'failing-reload'", "exited with 1");
        assertThat(files("broken")).as("the restore itself worked").containsExactlyInAnyOrderEntriesOf(before);
        assertThat(served("broken")).isEqualTo(initial.get("broken").serial());
    }

    private boolean incidentAt(JsonNode deployment, String activityId) {
        return runtimeService.createIncidentQuery().processInstanceId(deployment.path("processInstanceId").asText())
                .activityId(activityId).count() == 1;
    }

    @Test
    void aReloadThatSucceedsButLeavesNginxOnTheOldCertificateIsRolledBackAfterTheGracePeriod() throws IOException {
        // `true` exits 0 and never tells nginx: exactly the silent failure a deployment must catch.
        String target = createTarget("stubborn", "test-reload");
        Map<String, byte[]> before = files("stubborn");
        JsonNode certificate = issue("stubborn");

        JsonNode deployment = awaitFinalDeployment(deploy(administrator, certificate, target).json().path("id").asText());

        assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("ROLLED_BACK");
        assertThat(deployment.path("reason").asText()).contains("did not serve the new certificate within 15 s",
                "still serves serial " + initial.get("stubborn").serial().toString(16));
        assertThat(deployment.path("reloadExitCode").asInt()).isZero();
        assertThat(files("stubborn")).containsExactlyInAnyOrderEntriesOf(before);
        assertThat(served("stubborn")).isEqualTo(initial.get("stubborn").serial());
        assertThat(deployment.path("servedSerial").asText()).isEqualTo(initial.get("stubborn").serial().toString(16));
        // nginx picks the files up at its next reload: they must be the old ones, so that nothing half-deployed surfaces later.
        nginx.reload();
        assertThat(served("stubborn")).isEqualTo(initial.get("stubborn").serial());
    }

    // Started by the request

    @Test
    void aCertificateRequestThatNamesTargetsIsDeployedAsSoonAsItIsIssued() throws IOException {
        String target = createTarget("requested", "it-reload");

        JsonNode certificate = issue("requested", List.of(target));

        JsonNode deployment = Awaitility.await().atMost(FINAL_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> administrator.get("/api/certificates/" + certificate.path("id").asText() + "/deployments").json()
                        .path("items").path(0), d -> d.path("final").asBoolean());
        assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("DEPLOYED");
        assertThat(deployment.path("requestedBy").asText()).isEqualTo("nils");
        assertThat(served("requested")).isEqualTo(serial(certificate));
    }

    @Test
    void aRequestNamingAnUnknownTargetOrAnotherTenantsTargetIsRefusedAndStoresNothing() {
        String othersTarget = otherTenant.post("/api/deployment-targets", Map.of("name", "theirs", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", root.resolve("hostile/theirs.pem").toString()))).json().path("id").asText();
        long certificatesBefore = count("certificate");

        for (String targetId : List.of(othersTarget, UUID.randomUUID().toString())) {
            ApiClient.Response refused = administrator.post("/api/certificates", Map.of("tenant", TENANT,
                    "domains", List.of("nowhere.shipco.test"), "issuer", "shipco-ca", "deployTo", List.of(targetId)));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText()).contains("deployTo[0]", "no deployment target " + targetId);
        }
        assertThat(count("certificate")).isEqualTo(certificatesBefore);
    }

    // One at a time

    @Test
    void aSecondDeploymentToATargetWhileTheFirstIsInFlightIsAConflictAndTheTargetCannotBeChangedMeanwhile() {
        String target = createTarget("busy", "test-reload");
        JsonNode first = issue("busy");
        JsonNode second = issue("busy");

        // `true` never reloads nginx, so the first stays in flight for the whole grace period.
        String firstId = deploy(administrator, first, target).json().path("id").asText();
        ApiClient.Response refused = deploy(administrator, second, target);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("Deployment " + firstId, "one deployment at a time");
        assertThat(administrator.get("/api/certificates/" + second.path("id").asText() + "/deployments").json().path("total").asInt())
                .isZero();
        ApiClient.Response delete = administrator.delete("/api/deployment-targets/" + target + "?force=true");
        assertThat(delete.status()).as("a target being written is not removed, even with force").isEqualTo(409);

        awaitFinalDeployment(firstId);
        ApiClient.Response afterwards = deploy(administrator, second, target);
        assertThat(afterwards.status()).as(afterwards.body()).isEqualTo(202);
        awaitFinalDeployment(afterwards.json().path("id").asText());
    }

    // Bindings

    @Test
    void aTargetWithBoundCertificatesIsRemovedOnlyWithForceWhichUnbindsThemAndKeepsTheHistory() {
        String target = createTarget("bound", "it-reload");
        JsonNode certificate = issue("bound");
        String deploymentId = deploy(administrator, certificate, target).json().path("id").asText();
        assertThat(awaitFinalDeployment(deploymentId).path("state").asText()).isEqualTo("DEPLOYED");

        ApiClient.Response refused = administrator.delete("/api/deployment-targets/" + target);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("1 certificate is bound", "?force=true");
        assertThat(administrator.get("/api/deployment-targets/" + target).status()).isEqualTo(200);

        ApiClient.Response forced = administrator.delete("/api/deployment-targets/" + target + "?force=true");
        assertThat(forced.status()).as(forced.body()).isEqualTo(204);
        assertThat(administrator.get("/api/deployment-targets/" + target).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from certflow.deployment_binding where target_id = ?", Long.class,
                UUID.fromString(target))).isZero();
        JsonNode history = administrator.get("/api/deployments/" + deploymentId).json();
        assertThat(history.path("state").asText()).isEqualTo("DEPLOYED");
        assertThat(history.path("targetName").asText()).isEqualTo("bound");
        assertThat(history.path("targetId").isTextual()).as("the target is gone").isFalse();
    }

    // Refused

    @Test
    void aTargetWhoseDirectoryWasSwappedForALinkOutOfTheRootFailsAndNothingIsWrittenOutside() throws IOException {
        Path outside = Files.createTempDirectory("certflow-outside-");
        String target = createTarget("escape", "it-reload");
        JsonNode certificate = issue("escape");
        Path site = root.resolve("escape");
        Path moved = root.resolve("escape-moved");
        Files.move(site, moved);
        Files.createSymbolicLink(site, outside);
        try {
            JsonNode deployment = awaitFinalDeployment(deploy(administrator, certificate, target).json().path("id").asText());

            assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("FAILED");
            assertThat(deployment.path("reason").asText()).contains("allowed");
            try (var listing = Files.list(outside)) {
                assertThat(listing).as("nothing written outside the allowed root").isEmpty();
            }
        } finally {
            Files.delete(site);
            Files.move(moved, site);
        }
    }

    @Test
    void hostileDeploymentRequestsAreProblemsAndStartNothing() {
        String target = createTarget("hostile", "it-reload");
        String othersTarget = otherTenant.post("/api/deployment-targets", Map.of("name", "elsewhere", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", root.resolve("hostile/elsewhere.pem").toString()))).json().path("id").asText();
        JsonNode certificate = issue("hostile");
        String path = "/api/certificates/" + certificate.path("id").asText() + "/deployments";
        long before = count("deployment");

        Map<String, ApiClient.Response> answers = Map.of(
                "another tenant's target", administrator.post(path, Map.of("targetId", othersTarget)),
                "an unknown target", administrator.post(path, Map.of("targetId", UUID.randomUUID().toString())),
                "no target", administrator.post(path, "{}"),
                "a target id that is no id", administrator.post(path, "{\"targetId\": \"../../etc\"}"),
                "an unknown field", administrator.post(path, "{\"targetId\": \"" + target + "\", \"path\": \"/etc\"}"),
                "another tenant's certificate", otherTenant.post(path, Map.of("targetId", othersTarget)),
                "an unknown certificate", administrator.post("/api/certificates/" + UUID.randomUUID() + "/deployments",
                        Map.of("targetId", target)));
        answers.forEach((what, answer) -> {
            assertThat(answer.status()).as(what + ": " + answer.body()).isBetween(400, 404);
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            assertThat(answer.body()).as(what).doesNotContain("Exception");
        });
        assertThat(answers.get("another tenant's target").json().path("detail").asText()).contains("targetId", "no deployment target");
        assertThat(answers.get("another tenant's certificate").status()).isEqualTo(404);
        assertThat(count("deployment")).isEqualTo(before);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from certflow." + table, Long.class);
    }

    private List<String> keptCopies() throws IOException {
        Path kept = RealServers.dataDir().resolve("deployment-backups");
        if (!Files.isDirectory(kept)) {
            return List.of();
        }
        try (var listing = Files.list(kept)) {
            return listing.map(p -> p.getFileName().toString()).toList();
        }
    }
}
