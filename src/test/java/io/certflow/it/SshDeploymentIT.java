package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.NginxServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.ServerCertificates;
import io.certflow.it.support.SshServer;

/**
 * A certificate deployed through CertificateDeploymentProcess to an SSH target: the files go over
 * SFTP to a real sshd, the reload command runs there over SSH and reloads a real nginx, and the
 * deployment ends only when nginx serves the new serial. sshd and nginx run on this machine, so the
 * test sees the files the remote side holds.
 */
class SshDeploymentIT extends CertflowIT {

    private static final String NAME = "www.sshdeploy.test";
    private static final Duration ISSUANCE = Duration.ofSeconds(60);
    private static final Duration DEPLOYMENT = Duration.ofSeconds(90);
    private static final String WRONG_FINGERPRINT = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

    @TempDir
    static Path keys;

    SshServer ssh;
    String privateKey;
    ApiClient admin;

    @BeforeAll
    void anSshServerThatAcceptsCertflowsKey() throws IOException {
        ssh = SshServer.start();
        SshServer.ClientKey key = SshServer.newClientKey(keys, "certflow");
        ssh.authorize(key.publicKeyLine());
        privateKey = Files.readString(key.privateKeyFile());
        admin = admin();
    }

    @AfterAll
    void stop() {
        ssh.close();
    }

    @Test
    void aCertificateDeployedOverSshIsServedByTheRemoteNginxAfterTheRemoteReload(@TempDir Path site) throws IOException {
        ServerCertificates.Issued before = ServerCertificates.newCa().issue(NAME);
        before.writePemFiles(site);
        try (NginxServer nginx = NginxServer.start(site)) {
            RealServers.useReloadCommand(nginx.reloadCommand());
            String target = createTarget("ssh-e2e", ssh.hostKeyFingerprint(), site, nginx.port());
            String certificate = issue();

            JsonNode deployment = deploy(certificate, target);

            assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("DEPLOYED");
            BigInteger serial = new BigInteger(deployment.path("expectedSerial").asText(), 16);
            assertThat(deployment.path("servedSerial").asText()).isEqualTo(serial.toString(16));
            assertThat(deployment.path("previousSerial").asText()).isEqualTo(before.serial().toString(16));
            assertThat(deployment.path("reloadExitCode").asInt()).isZero();
            assertThat(nginx.servedCertificate(NAME).getSerialNumber()).as(nginx.logTail()).isEqualTo(serial);
            assertThat(Files.readString(site.resolve(NginxServer.PRIVATE_KEY_FILE))).contains("PRIVATE KEY")
                    .isNotEqualTo(before.privateKeyPem());
            assertThat(ssh.logTail()).contains("Accepted publickey for " + ssh.user());
        }
    }

    @Test
    void aDeploymentToAHostWhoseKeyChangedFailsWithTheFingerprintSeenAndWritesNothing(@TempDir Path site) throws IOException {
        ServerCertificates.Issued before = ServerCertificates.newCa().issue(NAME);
        before.writePemFiles(site);
        try (NginxServer nginx = NginxServer.start(site)) {
            RealServers.useReloadCommand(nginx.reloadCommand());
            String target = createTarget("ssh-e2e-impostor", WRONG_FINGERPRINT, site, nginx.port());
            String certificate = issue();

            JsonNode deployment = deploy(certificate, target);

            assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("FAILED");
            assertThat(deployment.path("reason").asText()).contains("host key").contains("changed")
                    .contains(ssh.hostKeyFingerprint()).contains(WRONG_FINGERPRINT);
            assertThat(Files.readString(site.resolve(NginxServer.FULL_CHAIN_FILE))).isEqualTo(before.fullChainPem());
            assertThat(Files.readString(site.resolve(NginxServer.PRIVATE_KEY_FILE))).isEqualTo(before.privateKeyPem());
            try (var files = Files.list(site)) {
                assertThat(files.map(file -> file.getFileName().toString()).sorted().toList())
                        .as("no temporary file either").containsExactly("fullchain.pem", "privkey.pem");
            }
            assertThat(nginx.servedCertificate(NAME).getSerialNumber()).isEqualTo(before.serial());
        }
    }

    private String createTarget(String name, String fingerprint, Path site, int port) {
        Map<String, Object> body = Map.of("tenant", "default", "name", name + "-" + ssh.port(), "kind", "SSH",
                "ssh", Map.of("host", ssh.host(), "port", ssh.port(), "user", ssh.user(), "privateKey", privateKey,
                        "hostKeyFingerprint", fingerprint),
                "files", Map.of("fullChainPath", site.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                        "keyPath", site.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                "verify", Map.of("host", "127.0.0.1", "port", port, "serverName", NAME),
                "reloadCommand", "it-reload");
        ApiClient.Response created = admin.post("/api/deployment-targets", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private String issue() {
        ApiClient.Response requested = admin.post("/api/certificates", Map.of("domains", java.util.List.of(NAME), "issuer", "local-ca"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        String id = requested.json().path("id").asText();
        assertThat(admin.awaitFinal(id, ISSUANCE).path("status").asText()).isEqualTo("ISSUED");
        return id;
    }

    private JsonNode deploy(String certificate, String target) {
        ApiClient.Response started = admin.post("/api/certificates/" + certificate + "/deployments", Map.of("targetId", target));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        return Awaitility.await("deployment " + id + " to end").atMost(DEPLOYMENT).pollInterval(Duration.ofMillis(250))
                .until(() -> admin.get("/api/deployments/" + id).json(), json -> json.path("final").asBoolean());
    }
}
