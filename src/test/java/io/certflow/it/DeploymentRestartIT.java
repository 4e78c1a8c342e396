package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.NginxServer;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.ServerCertificates;

/**
 * Certflow is killed (SIGKILL) while 20 deployments to one real nginx are in flight, one site and one PEM_FILES target
 * each; after a restart on the same database and data directory every deployment ends DEPLOYED, once, and nginx
 * serves every site's new certificate. What counts is seen from the outside: the serials nginx serves to the test's
 * own TLS client, and the engine's history (one finished process instance per deployment, no incident).
 */
class DeploymentRestartIT {

    private static final int DEPLOYMENTS = 20;
    private static final String PASSWORD = "deployment-restart-it-admin-password";
    private static final String ISSUER = "restart-ca";
    private static final String RELOAD_COMMAND = "nginx";
    private static final Duration START_WITHIN = Duration.ofSeconds(120);
    private static final Duration ISSUED_WITHIN = Duration.ofSeconds(60);
    /** Under the slow reload the deployments take a few seconds each; the kill must land before they end. */
    private static final Duration IN_FLIGHT_WITHIN = Duration.ofSeconds(60);
    private static final Duration DEPLOYED_WITHIN = Duration.ofSeconds(120);
    private static final List<String> TRANSIENT_PAST_PENDING = List.of("WRITING", "RELOADING", "VERIFYING", "ROLLING_BACK");
    private static final List<String> FINAL = List.of("DEPLOYED", "ROLLED_BACK", "FAILED");

    @Test
    void aCrashInTheMiddleOfTwentyDeploymentsToNginxEndsEachDeployedOnceAndNginxServesEveryNewSerial() throws Exception {
        int http01Port = RealServers.freePort();
        int apiPort = RealServers.freePort();
        Path work = Files.createTempDirectory("certflow-deployment-restart-it");
        Path dataDir = Files.createDirectories(work.resolve("data"));
        Path targets = Files.createDirectories(work.resolve("targets"));
        List<String> sites = new ArrayList<>();
        Map<String, BigInteger> initialSerials = new HashMap<>();
        ServerCertificates ca = ServerCertificates.newCa();
        NginxServer.Builder builder = NginxServer.builder().certificateDir(Files.createDirectories(targets.resolve("default")));
        ca.issue("default.restart.test").writePemFiles(targets.resolve("default"));
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String site = "site-" + i;
            Path dir = Files.createDirectories(targets.resolve(site));
            ServerCertificates.Issued initial = ca.issue(serverName(site));
            initial.writePemFiles(dir);
            initialSerials.put(site, initial.serial());
            builder.site(serverName(site), dir);
            sites.add(site);
        }

        try (PostgresServer postgres = PostgresServer.fromEnvironment(); NginxServer nginx = builder.start()) {
            PostgresServer.Database database = postgres.createDatabase("certflow_deployment_restart");
            List<String> arguments = CertflowProcess.onPostgres(database, dataDir, http01Port,
                    // Jobs the killed JVM had locked are taken over once their lock expires.
                    "--camunda.bpm.job-execution.lock-time-in-millis=5000",
                    // This JVM and the test JVM's Certflow share PostgreSQL's connection slots.
                    "--spring.datasource.hikari.maximum-pool-size=40",
                    "--certflow.deployment.allowed-roots[0]=" + targets,
                    "--certflow.deployment.reload-commands." + RELOAD_COMMAND + "[0]=" + slowReloadScript(work, nginx),
                    // Longer than the restart takes: no deployment may give up because Certflow was down.
                    "--certflow.deployment.grace-period=PT2M",
                    "--certflow.deployment.verify-interval=PT1S",
                    "--certflow.retry.deployment=R5/PT2S");
            ApiClient admin = new ApiClient("http://127.0.0.1:" + apiPort, "admin", PASSWORD);
            Path log = dataDir.resolve("certflow.log");
            Map<String, String> env = Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD);

            // site -> certificate (as the API showed it when issued), site -> deployment id
            Map<String, JsonNode> certificates = new LinkedHashMap<>();
            Map<String, String> deployments = new LinkedHashMap<>();
            try (CertflowProcess first = new CertflowProcess(apiPort, log, env, arguments)) {
                first.start(admin, START_WITHIN);
                ApiClient.Response issuer = admin.post("/api/issuers", Map.of("name", ISSUER, "type", "PRIVATE_CA"));
                assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
                Map<String, String> targetIds = new LinkedHashMap<>();
                Map<String, String> certificateIds = new LinkedHashMap<>();
                for (String site : sites) {
                    targetIds.put(site, createTarget(admin, nginx, targets.resolve(site), site));
                    ApiClient.Response accepted = admin.post("/api/certificates",
                            Map.of("domains", List.of(serverName(site)), "issuer", ISSUER));
                    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
                    certificateIds.put(site, accepted.json().path("id").asText());
                }
                for (String site : sites) {
                    JsonNode certificate = admin.awaitFinal(certificateIds.get(site), ISSUED_WITHIN);
                    assertThat(certificate.path("status").asText()).as(certificate.toString()).isEqualTo("ISSUED");
                    certificates.put(site, certificate);
                }

                long started = System.nanoTime();
                for (String site : sites) {
                    ApiClient.Response deployment = admin.post("/api/certificates/" + certificateIds.get(site) + "/deployments",
                            Map.of("targetId", targetIds.get(site)));
                    assertThat(deployment.status()).as(deployment.body()).isEqualTo(202);
                    deployments.put(site, deployment.json().path("id").asText());
                }
                // The kill must find deployments that write, reload or verify, not only ones still waiting for their first
                // step; and one that ended already, which the restart must leave as it is.
                Awaitility.await("deployments past PENDING and not ended, for the planned crash").atMost(IN_FLIGHT_WITHIN)
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> states(database), states -> count(states, TRANSIENT_PAST_PENDING) >= DEPLOYMENTS / 4
                                && count(states, FINAL) > 0);
                first.kill();
                long millisToKill = Duration.ofNanos(System.nanoTime() - started).toMillis();
                // What the database holds now is exactly what the killed Certflow had committed.
                Map<String, Long> atKill = states(database);
                List<String> halfWritten = sites.stream().filter(site -> !keyFitsCertificate(targets.resolve(site))).toList();
                System.out.printf("DeploymentRestartIT: killed Certflow %d ms after the first of %d deployments was posted; states at"
                        + " the kill: %s; sites whose key and certificate did not fit together then: %s%n", millisToKill, DEPLOYMENTS,
                        atKill, halfWritten);
                assertThat(count(atKill, FINAL)).as("the crash must hit deployments in flight: " + atKill).isLessThan(DEPLOYMENTS);
                assertThat(count(atKill, TRANSIENT_PAST_PENDING)).as("deployments between their first and last step: " + atKill)
                        .isPositive();
            }

            long restartStarted = System.nanoTime();
            try (CertflowProcess second = new CertflowProcess(apiPort, log, env, arguments)) {
                second.start(admin, START_WITHIN);
                long answering = System.nanoTime();
                Map<String, JsonNode> ended = awaitAllFinal(admin, deployments);
                long millisToDeployed = Duration.ofNanos(System.nanoTime() - answering).toMillis();
                System.out.printf("DeploymentRestartIT: Certflow answered again %d ms after the kill; all deployments ended %d ms"
                        + " after that%n", Duration.ofNanos(answering - restartStarted).toMillis(), millisToDeployed);

                for (String site : sites) {
                    JsonNode deployment = ended.get(site);
                    assertThat(deployment.path("state").asText()).as(deployment + "\n" + second.tail()).isEqualTo("DEPLOYED");
                    String certificateId = certificates.get(site).path("id").asText();
                    JsonNode listed = admin.get("/api/certificates/" + certificateId + "/deployments").json();
                    assertThat(listed.path("total").asInt()).as("deployments of the certificate for " + site).isEqualTo(1);
                }
                assertThat(deploymentRows(database)).as("deployment rows in the database").isEqualTo(DEPLOYMENTS);

                // Counted at nginx: every site serves its new certificate, to a TLS client of the test's own.
                for (String site : sites) {
                    BigInteger expected = new BigInteger(certificates.get(site).path("serialNumber").asText(), 16);
                    assertThat(expected).as("a new certificate for " + site).isNotEqualTo(initialSerials.get(site));
                    assertThat(nginx.servedCertificate(serverName(site)).getSerialNumber()).as("serial nginx serves for " + site)
                            .isEqualTo(expected);
                    Path dir = targets.resolve(site);
                    assertThat(Pem.readCertificates(Files.readString(dir.resolve(NginxServer.FULL_CHAIN_FILE))).get(0).getSerialNumber())
                            .as(site + "'s full chain file").isEqualTo(expected);
                    assertThat(Files.getPosixFilePermissions(dir.resolve(NginxServer.PRIVATE_KEY_FILE))).as(site + "'s key file")
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                    assertThat(names(dir)).as("what " + site + "'s directory holds: no staged file left behind by the crash")
                            .containsExactlyInAnyOrder(NginxServer.FULL_CHAIN_FILE, NginxServer.PRIVATE_KEY_FILE);
                }

                // Counted in the engine's history: one instance per deployment, ended where a served certificate ends.
                Map<String, String> endOfInstance = deploymentInstances(database);
                assertThat(endOfInstance.keySet()).as("business keys of the deployment process instances")
                        .containsExactlyInAnyOrderElementsOf(deployments.values());
                assertThat(endOfInstance).as("end event of each deployment process instance")
                        .allSatisfy((deploymentId, end) -> assertThat(end).as(deploymentId).isEqualTo("EndEvent_Deployed"));
                assertThat(incidents(database)).as("incidents open in the engine").isEmpty();

                Path kept = dataDir.resolve("deployment-backups");
                assertThat(kept).as("the kept copies, taken before the first write").isDirectory();
                assertThat(names(kept)).as("kept copies left once every deployment ended").isEmpty();
                Path notes = dataDir.resolve("deployment-writes");
                assertThat(Files.exists(notes) ? names(notes) : List.of()).as("notes of writes not finished").isEmpty();
            }
        }
        // Kept when the test failed, with Certflow's log, for a person to read.
        deleteTree(work);
    }

    private static String serverName(String site) {
        return site + ".restart.test";
    }

    /**
     * A reload that waits a second before it signals nginx, so that the kill finds deployments in the middle of their
     * reload. It is the test's own configuration; nothing of it comes from the API.
     */
    private static Path slowReloadScript(Path work, NginxServer nginx) throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\nsleep 1\nexec");
        for (String argument : nginx.reloadCommand()) {
            script.append(" '").append(argument.replace("'", "'\\''")).append('\'');
        }
        Path path = work.resolve("slow-reload");
        Files.writeString(path, script.append('\n').toString());
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    private static String createTarget(ApiClient admin, NginxServer nginx, Path dir, String site) {
        ApiClient.Response created = admin.post("/api/deployment-targets", Map.of("name", site, "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", dir.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                        "keyPath", dir.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", serverName(site)),
                "reloadCommand", RELOAD_COMMAND));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static Map<String, JsonNode> awaitAllFinal(ApiClient admin, Map<String, String> deployments) {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        Awaitility.await("all " + deployments.size() + " deployments to end after the restart").atMost(DEPLOYED_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    deployments.forEach((site, id) -> {
                        JsonNode seen = last.get(site);
                        if (seen == null || !seen.path("final").asBoolean()) {
                            last.put(site, admin.get("/api/deployments/" + id).json());
                        }
                    });
                    Map<String, String> inFlight = new TreeMap<>();
                    last.forEach((site, deployment) -> {
                        if (!deployment.path("final").asBoolean()) {
                            inFlight.put(site, deployment.path("state").asText() + " " + deployment.path("reason").asText(""));
                        }
                    });
                    assertThat(inFlight).as("deployments not ended yet: site, state and reason").isEmpty();
                });
        return last;
    }

    private static long count(Map<String, Long> states, List<String> wanted) {
        return states.entrySet().stream().filter(entry -> wanted.contains(entry.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /** How many deployments are in each state, as the database has them. */
    private static Map<String, Long> states(PostgresServer.Database database) throws SQLException {
        Map<String, Long> states = new TreeMap<>();
        query(database, "select state, count(*) from certflow.deployment group by state",
                rs -> states.put(rs.getString(1), rs.getLong(2)));
        return states;
    }

    private static long deploymentRows(PostgresServer.Database database) throws SQLException {
        long[] rows = new long[1];
        query(database, "select count(*) from certflow.deployment", rs -> rows[0] = rs.getLong(1));
        return rows[0];
    }

    /** Business key (the deployment id) to end activity of every instance of the deployment process in the history. */
    private static Map<String, String> deploymentInstances(PostgresServer.Database database) throws SQLException {
        Map<String, String> instances = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        query(database, "select business_key_, end_act_id_ from act_hi_procinst where proc_def_key_ = 'CertificateDeploymentProcess'",
                rs -> {
                    if (instances.put(rs.getString(1), String.valueOf(rs.getString(2))) != null) {
                        duplicates.add(rs.getString(1));
                    }
                });
        assertThat(duplicates).as("deployments with more than one process instance").isEmpty();
        return instances;
    }

    private static List<String> incidents(PostgresServer.Database database) throws SQLException {
        List<String> incidents = new ArrayList<>();
        query(database, "select activity_id_, incident_msg_ from act_ru_incident",
                rs -> incidents.add(rs.getString(1) + ": " + rs.getString(2)));
        return incidents;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(PostgresServer.Database database, String sql, Row row) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    /** Whether the key file holds the private key of the full chain's leaf, as nginx checks at every reload. */
    private static boolean keyFitsCertificate(Path dir) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(dir.resolve(NginxServer.PRIVATE_KEY_FILE)))) {
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
            X509Certificate leaf = Pem.readCertificates(Files.readString(dir.resolve(NginxServer.FULL_CHAIN_FILE))).get(0);
            return Keys.samePublicKey(Keys.publicKeyOf(key), leaf.getPublicKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
