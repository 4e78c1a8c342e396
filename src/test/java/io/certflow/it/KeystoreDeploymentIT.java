package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Pem;
import io.certflow.deployment.KeystoreFormat;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.KeystoreTlsServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.ServerCertificates;
import io.certflow.it.support.TenantUsers;

/**
 * Deploying to a KEYSTORE target through {@code CertificateDeploymentProcess}, against a real Java TLS server that
 * serves the keystore file and reads it again on SIGHUP: the deployment ends DEPLOYED only once the server is seen
 * serving the new serial. A reload that refuses the new keystore, or one that never reaches the server, rolls back to
 * the old keystore, byte for byte, which the server goes on serving; a reload that fails for the old keystore too
 * leaves the old file in place and the deployment to a person, as an incident.
 */
class KeystoreDeploymentIT extends CertflowIT {

    private static final String TENANT = "keystoreco";
    private static final String ISSUER = "keystoreco-ca";
    private static final String SERVER_NAME = "app.keystoreco.internal.test";
    private static final String PASSWORD = "keystoreco-Keystore-pw-9";
    private static final String ALIAS = "certflow";
    /** RealServers sets the grace period to 15 s; issuance by the private CA and the deployment's steps take seconds. */
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(15);
    private static final Duration ISSUANCE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SERVE_WAIT = Duration.ofSeconds(15);

    @Autowired
    IdentityService identityService;
    @Autowired
    RuntimeService runtimeService;

    ApiClient administrator;
    Path root;
    /** What the server serves before a deployment: a certificate of another CA, as a server set up by hand would. */
    ServerCertificates.Issued old;

    @BeforeAll
    void aTenantWithItsPrivateCa() {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "kara", "kara-password-1");
        ApiClient.Response issuer = administrator.post("/api/issuers", Map.of("name", ISSUER, "type", "PRIVATE_CA"));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        root = RealServers.deploymentRoot();
        old = ServerCertificates.newCa().issue(SERVER_NAME);
    }

    @ParameterizedTest
    @EnumSource(KeystoreFormat.class)
    void aDeploymentWritesTheKeystoreSignalsTheServerAndEndsDeployedOnceTheServerServesTheNewSerial(KeystoreFormat format)
            throws Exception {
        Path file = keystoreServedFrom("deployed-" + format);
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, old);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            RealServers.useReloadCommand(server.reloadCommand());
            Issued issued = issue("deployed-" + format);
            String target = target("keystore-deployed-" + format, file, format, "it-reload", server.port());

            JsonNode deployment = deployAndAwaitTheEnd(issued.id(), target);

            assertThat(deployment.path("state").asText()).as(deployment + server.logTail()).isEqualTo("DEPLOYED");
            assertThat(server.servedCertificate(SERVER_NAME).getSerialNumber()).as("the test's own TLS client")
                    .isEqualTo(issued.serial());
            assertThat(server.loads()).as("the server was told and loaded the new keystore").last()
                    .isEqualTo(new KeystoreTlsServer.Load(server.loads().size() - 1, true, issued.serial(), null));
            assertThat(deployment.path("servedSerial").asText()).isEqualTo(issued.serial().toString(16));
            assertThat(deployment.path("expectedSerial").asText()).isEqualTo(issued.serial().toString(16));
            assertThat(deployment.path("previousSerial").asText()).isEqualTo(old.serial().toString(16));
            assertThat(deployment.path("reloadExitCode").asInt(-1)).isZero();
            assertThat(deployment.path("final").asBoolean()).isTrue();
            assertThat(deployment.path("targetId").asText()).isEqualTo(target);
            assertThat(deployment.path("certificateId").asText()).isEqualTo(issued.id());

            assertThat(entryCertificate(file, format).getSerialNumber()).as("the keystore holds the new certificate")
                    .isEqualTo(issued.serial());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            JsonNode listed = administrator.get("/api/certificates/" + issued.id() + "/deployments").json();
            assertThat(listed.path("items").findValuesAsText("id")).contains(deployment.path("id").asText());
        }
    }

    @Test
    void aReloadCommandThatRefusesTheNewKeystoreRollsBackToTheOldOneByteForByteWhichTheServerServesAgain()
            throws Exception {
        KeystoreFormat format = KeystoreFormat.PKCS12;
        Path file = keystoreServedFrom("refused-reload");
        // The server reads the entry "tomcat"; the target is set up to write "certflow": a mistake its reload catches.
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, "tomcat", old);
        String before = sha256(file);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, "tomcat")) {
            RealServers.useReloadCommand(server.checkingReloadCommand());
            Issued issued = issue("refused-reload");
            String target = target("keystore-refused-reload", file, format, "it-reload", server.port());

            JsonNode deployment = deployAndAwaitTheEnd(issued.id(), target);

            assertThat(deployment.path("state").asText()).as(deployment + server.logTail()).isEqualTo("ROLLED_BACK");
            assertThat(deployment.path("reason").asText()).as(deployment.toString())
                    .contains("The reload command 'it-reload' exited with 1")
                    .contains("no key entry 'tomcat'")
                    .contains("the previous files are put back");
            assertThat(deployment.path("previousSerial").asText()).isEqualTo(old.serial().toString(16));
            assertThat(deployment.path("servedSerial").asText()).isEqualTo(old.serial().toString(16));
            assertThat(deployment.path("reloadExitCode").asInt(-1)).as("the rollback's reload, of the old keystore").isZero();
            assertThat(sha256(file)).as("the keystore file after the rollback, by its SHA-256").isEqualTo(before);
            // The old certificate is still served when the signal arrives, so the deployment may end before the load.
            assertThat(server.awaitLoad(1, SERVE_WAIT)).as("told once, by the rollback, to load the old keystore again")
                    .isEqualTo(new KeystoreTlsServer.Load(1, true, old.serial(), null));
            assertThat(server.loads()).hasSize(2);
            assertTheOldCertificateIsServed(server);
        }
    }

    @Test
    void aReloadCommandThatAlwaysFailsPutsTheOldKeystoreBackAndLeavesTheDeploymentToAPersonAsAnIncident()
            throws Exception {
        KeystoreFormat format = KeystoreFormat.JKS;
        Path file = keystoreServedFrom("failing-reload");
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, old);
        String before = sha256(file);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            Issued issued = issue("failing-reload");
            // failing-reload runs `false`: the reload of the new keystore fails, and so does the rollback's reload.
            String target = target("keystore-failing-reload", file, format, "failing-reload", server.port());

            String id = deploy(issued.id(), target);
            Incident incident = await("an incident on deployment " + id).atMost(DEPLOYMENT_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> incidentsOf(id), incidents -> !incidents.isEmpty())
                    .get(0);

            assertThat(incident.getActivityId()).isEqualTo("Task_ReloadRestored");
            assertThat(incident.getIncidentMessage()).contains("restored the previous files")
                    .contains("'failing-reload' exited with 1");
            JsonNode now = administrator.get("/api/deployments/" + id).json();
            assertThat(now.path("state").asText()).as(now.toString()).isEqualTo("ROLLING_BACK");
            assertThat(now.path("final").asBoolean()).isFalse();
            assertThat(now.path("reason").asText()).contains("The reload command 'failing-reload' exited with 1");
            assertThat(now.path("reloadExitCode").asInt()).isEqualTo(1);
            assertThat(sha256(file)).as("the keystore file, put back before the reload failed, by its SHA-256").isEqualTo(before);
            assertThat(server.loads()).as("the server was never told to load another keystore")
                    .containsExactly(new KeystoreTlsServer.Load(0, true, old.serial(), null));
            assertTheOldCertificateIsServed(server);
        }
    }

    @Test
    void aReloadThatNeverReachesTheServerRollsBackAfterTheGracePeriodAndTheServerServesTheOldCertificate()
            throws Exception {
        KeystoreFormat format = KeystoreFormat.JKS;
        Path file = keystoreServedFrom("silent-reload");
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, old);
        String before = sha256(file);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            Issued issued = issue("silent-reload");
            // test-reload runs `true`: it exits 0, and the server is never told.
            String target = target("keystore-silent-reload", file, format, "test-reload", server.port());

            JsonNode deployment = deployAndAwaitTheEnd(issued.id(), target);

            assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("ROLLED_BACK");
            assertThat(deployment.path("reloadExitCode").asInt(-1)).isZero();
            assertThat(deployment.path("reason").asText()).as(deployment.toString())
                    .contains("did not serve the new certificate within 15 s")
                    .contains("it still serves serial " + old.serial().toString(16) + ", not the new " + issued.serial().toString(16));
            assertThat(deployment.path("servedSerial").asText()).isEqualTo(old.serial().toString(16));
            Duration took = Duration.between(Instant.parse(deployment.path("createdAt").asText()),
                    Instant.parse(deployment.path("finishedAt").asText()));
            assertThat(took).as("the server was given the grace period to pick the keystore up").isGreaterThanOrEqualTo(GRACE_PERIOD);
            assertThat(sha256(file)).as("the keystore file after the rollback, by its SHA-256").isEqualTo(before);
            assertThat(server.loads()).as("the server was never told to load another keystore")
                    .containsExactly(new KeystoreTlsServer.Load(0, true, old.serial(), null));
            assertTheOldCertificateIsServed(server);
        }
    }

    /** Served now, and still after the next reload (by hand, or by the next deployment): the file holds it too. */
    private void assertTheOldCertificateIsServed(KeystoreTlsServer server) throws IOException {
        assertThat(server.servedCertificate(SERVER_NAME).getSerialNumber()).as(server.logTail()).isEqualTo(old.serial());
        KeystoreTlsServer.Load reload = server.reload();
        assertThat(reload.applied()).as(server.logTail()).isTrue();
        assertThat(reload.serial()).isEqualTo(old.serial());
        server.awaitServedSerial(old.serial(), SERVER_NAME, SERVE_WAIT);
    }

    private record Issued(String id, BigInteger serial) {
    }

    /** A certificate for {@link #SERVER_NAME} from the tenant's private CA, ISSUED with its key. */
    private Issued issue(String label) {
        ApiClient.Response accepted = administrator.post("/api/certificates",
                Map.of("domains", List.of(SERVER_NAME), "issuer", ISSUER));
        assertThat(accepted.status()).as(label + ": " + accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        JsonNode certificate = administrator.awaitFinal(id, ISSUANCE_TIMEOUT);
        assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
        X509Certificate leaf = Pem.readCertificates(administrator.get("/api/certificates/" + id + "/chain").body()).get(0);
        assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(certificate.path("serialNumber").asText());
        return new Issued(id, leaf.getSerialNumber());
    }

    private String target(String name, Path file, KeystoreFormat format, String reloadCommand, int port) {
        ApiClient.Response created = administrator.post("/api/deployment-targets", Map.of(
                "name", name,
                "kind", "KEYSTORE",
                "keystore", Map.of("path", file.toString(), "format", format.name(), "alias", ALIAS, "password", PASSWORD),
                "verify", Map.of("host", "127.0.0.1", "port", port, "serverName", SERVER_NAME),
                "reloadCommand", reloadCommand));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** Starts a deployment and returns its id. */
    private String deploy(String certificateId, String targetId) {
        ApiClient.Response started = administrator.post("/api/certificates/" + certificateId + "/deployments",
                Map.of("targetId", targetId));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(started.location()).endsWith("/api/deployments/" + id);
        return id;
    }

    private JsonNode deployAndAwaitTheEnd(String certificateId, String targetId) {
        String id = deploy(certificateId, targetId);
        return await("deployment " + id + " to end").atMost(DEPLOYMENT_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> administrator.get("/api/deployments/" + id).json(), view -> view.path("final").asBoolean());
    }

    private List<Incident> incidentsOf(String deploymentId) {
        String processInstance = administrator.get("/api/deployments/" + deploymentId).json().path("processInstanceId").asText();
        return processInstance.isEmpty() ? List.of()
                : runtimeService.createIncidentQuery().processInstanceId(processInstance).list();
    }

    /** A directory of its own under the allowed root, and the keystore file in it the server reads. */
    private Path keystoreServedFrom(String label) throws IOException {
        return Files.createDirectories(root.resolve("keystore-" + label)).resolve("server.keystore");
    }

    /** A file's content in a form a failed comparison can show. */
    private static String sha256(Path file) throws IOException, GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static X509Certificate entryCertificate(Path file, KeystoreFormat format)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(format.name());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        assertThat(store.isKeyEntry(ALIAS)).as("the alias holds a key").isTrue();
        return (X509Certificate) store.getCertificate(ALIAS);
    }
}
