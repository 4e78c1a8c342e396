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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
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
 * serving the new serial, and a reload that fails or never reaches the server rolls back to the old keystore, byte for
 * byte, which the server goes on serving.
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
    void aReloadCommandThatFailsRollsBackToTheOldKeystoreByteForByteAndTheServerServesTheOldCertificate()
            throws Exception {
        KeystoreFormat format = KeystoreFormat.PKCS12;
        Path file = keystoreServedFrom("failing-reload");
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, old);
        byte[] before = Files.readAllBytes(file);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            Issued issued = issue("failing-reload");
            String target = target("keystore-failing-reload", file, format, "failing-reload", server.port());

            JsonNode deployment = deployAndAwaitTheEnd(issued.id(), target);

            assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("ROLLED_BACK");
            assertThat(deployment.path("reason").asText()).as(deployment.toString()).containsIgnoringCase("reload");
            assertThat(deployment.path("reloadExitCode").asInt()).isEqualTo(1);
            assertTheOldCertificateIsServedFromTheOldFile(server, file, before);
        }
    }

    @Test
    void aReloadThatNeverReachesTheServerRollsBackAfterTheGracePeriodAndTheServerServesTheOldCertificate()
            throws Exception {
        KeystoreFormat format = KeystoreFormat.JKS;
        Path file = keystoreServedFrom("silent-reload");
        KeystoreTlsServer.writeKeystore(file, format, PASSWORD, ALIAS, old);
        byte[] before = Files.readAllBytes(file);
        try (KeystoreTlsServer server = KeystoreTlsServer.start(file, format, PASSWORD, ALIAS)) {
            Issued issued = issue("silent-reload");
            // test-reload runs `true`: it exits 0, and the server is never told.
            String target = target("keystore-silent-reload", file, format, "test-reload", server.port());

            JsonNode deployment = deployAndAwaitTheEnd(issued.id(), target);

            assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("ROLLED_BACK");
            assertThat(deployment.path("reloadExitCode").asInt(-1)).isZero();
            assertThat(deployment.path("reason").asText()).as(deployment.toString())
                    .contains(issued.serial().toString(16));
            assertThat(deployment.path("servedSerial").asText()).isEqualTo(old.serial().toString(16));
            Duration took = Duration.between(Instant.parse(deployment.path("createdAt").asText()),
                    Instant.parse(deployment.path("finishedAt").asText()));
            assertThat(took).as("the server was given the grace period to pick the keystore up").isGreaterThanOrEqualTo(GRACE_PERIOD);
            assertTheOldCertificateIsServedFromTheOldFile(server, file, before);
        }
    }

    private void assertTheOldCertificateIsServedFromTheOldFile(KeystoreTlsServer server, Path file, byte[] before)
            throws IOException {
        assertThat(server.servedCertificate(SERVER_NAME).getSerialNumber()).as(server.logTail()).isEqualTo(old.serial());
        assertThat(Files.readAllBytes(file)).as("the keystore file after the rollback").isEqualTo(before);
        assertThat(server.loads()).as("the server was never told to load another keystore")
                .containsExactly(new KeystoreTlsServer.Load(0, true, old.serial(), null));
        // Should the server be reloaded now, by hand or by the next deployment, it still gets the old certificate.
        assertThat(server.reload()).isEqualTo(new KeystoreTlsServer.Load(1, true, old.serial(), null));
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

    private JsonNode deployAndAwaitTheEnd(String certificateId, String targetId) {
        ApiClient.Response started = administrator.post("/api/certificates/" + certificateId + "/deployments",
                Map.of("targetId", targetId));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(started.location()).endsWith("/api/deployments/" + id);
        return await("deployment " + id + " to end").atMost(DEPLOYMENT_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> administrator.get("/api/deployments/" + id).json(), view -> view.path("final").asBoolean());
    }

    /** A directory of its own under the allowed root, and the keystore file in it the server reads. */
    private Path keystoreServedFrom(String label) throws IOException {
        return Files.createDirectories(root.resolve("keystore-" + label)).resolve("server.keystore");
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
