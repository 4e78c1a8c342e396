package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.SshServer;
import io.certflow.it.support.TenantUsers;

/**
 * SSH deployment targets over the API: a tenant administrator names the host, the account, one
 * secret and the host key's fingerprint; the secret is stored encrypted and never shown again, and
 * anything malformed is a problem naming the field, with nothing stored.
 */
class SshDeploymentTargetIT extends CertflowIT {

    private static final String TENANT = "sshdeployco";
    private static final String FINGERPRINT = "SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA";
    private static final String PASSWORD = "Ssh-login-secret-77";

    @Autowired
    IdentityService identityService;

    ApiClient administrator;
    ApiClient member;
    ApiClient otherAdministrator;
    Path keys;
    String privateKey;
    /** A line from inside the private key: what would show if it were stored or sent in clear. */
    String privateKeyLine;

    @BeforeAll
    void usersAndAKey() throws IOException {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "sven", "sven-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "sara", "sara-password-1");
        otherAdministrator = TenantUsers.administratorOf(identityService, baseUrl(), "othersshco", "olaf", "olaf-password-1");
        keys = Files.createTempDirectory("certflow-ssh-target-it-");
        privateKey = Files.readString(SshServer.newClientKey(keys, "id_ed25519").privateKeyFile());
        privateKeyLine = privateKey.lines().skip(2).findFirst().orElseThrow();
    }

    @AfterAll
    void removeTheKeys() throws IOException {
        try (Stream<Path> files = Files.walk(keys)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private Map<String, Object> sshTarget(String name) {
        Map<String, Object> ssh = new HashMap<>(Map.of("host", "web-1.sshdeployco.test", "user", "deploy",
                "privateKey", privateKey, "hostKeyFingerprint", FINGERPRINT));
        Map<String, Object> files = new HashMap<>(Map.of("fullChainPath", "/etc/nginx/ssl/" + name + "/fullchain.pem",
                "keyPath", "/etc/nginx/ssl/" + name + "/privkey.pem"));
        return new HashMap<>(Map.of("name", name, "kind", "SSH", "ssh", ssh, "files", files,
                "verify", Map.of("host", "web-1.sshdeployco.test", "port", 443, "serverName", "www.sshdeployco.test"),
                "reloadCommand", "test-reload"));
    }

    @Test
    void anAdministratorCreatesReadsChangesAndRemovesAnSshTargetAndItsSecretsAreNeverSentBackNorStoredInClear()
            throws SQLException {
        ApiClient.Response created = administrator.post("/api/deployment-targets", sshTarget("ssh-web-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        JsonNode ssh = created.json().path("ssh");
        assertThat(created.json().path("kind").asText()).isEqualTo("SSH");
        assertThat(ssh.path("host").asText()).isEqualTo("web-1.sshdeployco.test");
        assertThat(ssh.path("port").asInt()).as("the default port").isEqualTo(22);
        assertThat(ssh.path("user").asText()).isEqualTo("deploy");
        assertThat(ssh.path("hostKeyFingerprint").asText()).isEqualTo(FINGERPRINT);
        assertThat(ssh.path("privateKeySet").asBoolean()).isTrue();
        assertThat(ssh.path("passwordSet").asBoolean()).isFalse();
        assertThat(ssh.has("privateKey")).isFalse();
        assertThat(ssh.has("password")).isFalse();
        assertThat(created.json().path("files").path("keyPath").asText())
                .as("a remote path, not under this host's allowed roots").isEqualTo("/etc/nginx/ssl/ssh-web-1/privkey.pem");
        assertThat(created.json().path("files").path("keyMode").asText()).isEqualTo("0600");
        Map<String, String> row = row(id);
        assertThat(row.get("ssh_private_key")).startsWith("v1:");
        String sealedKey = row.get("ssh_private_key");

        Map<String, Object> withoutSecret = sshTarget("ssh-web-1");
        put(withoutSecret, "ssh.privateKey", null);
        put(withoutSecret, "ssh.port", 2222);
        ApiClient.Response updated = administrator.put("/api/deployment-targets/" + id, withoutSecret);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("ssh").path("port").asInt()).isEqualTo(2222);
        assertThat(updated.json().path("ssh").path("privateKeySet").asBoolean()).isTrue();
        assertThat(row(id).get("ssh_private_key")).as("a change without a secret keeps the stored one").isEqualTo(sealedKey);

        Map<String, Object> withPassword = sshTarget("ssh-web-1");
        put(withPassword, "ssh.privateKey", null);
        put(withPassword, "ssh.password", PASSWORD);
        ApiClient.Response switched = administrator.put("/api/deployment-targets/" + id, withPassword);
        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.json().path("ssh").path("passwordSet").asBoolean()).isTrue();
        assertThat(switched.json().path("ssh").path("privateKeySet").asBoolean()).as("one secret at a time").isFalse();
        assertThat(row(id).get("ssh_private_key")).isNull();
        assertThat(row(id).get("ssh_password")).startsWith("v1:");

        List<ApiClient.Response> answers = List.of(created, updated, switched, administrator.get("/api/deployment-targets/" + id),
                member.get("/api/deployment-targets/" + id), administrator.get("/api/deployment-targets"),
                member.get("/api/deployment-targets"));
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).isIn(200, 201);
            assertThat(answer.body()).doesNotContain(privateKeyLine).doesNotContain("PRIVATE KEY").doesNotContain(PASSWORD)
                    .doesNotContain(sealedKey).doesNotContain(row(id).get("ssh_password"));
        }
        assertThat(tableText()).doesNotContain(privateKeyLine).doesNotContain(PASSWORD);

        assertThat(administrator.delete("/api/deployment-targets/" + id).status()).isEqualTo(204);
        assertThat(administrator.get("/api/deployment-targets/" + id).status()).isEqualTo(404);
        assertThat(row(id)).isEmpty();
    }

    @Test
    void aMemberSeesAnSshTargetButMayNotCreateChangeOrRemoveOne() {
        String id = administrator.post("/api/deployment-targets", sshTarget("ssh-web-2")).json().path("id").asText();

        List<ApiClient.Response> refused = List.of(member.post("/api/deployment-targets", sshTarget("ssh-members-own")),
                member.put("/api/deployment-targets/" + id, sshTarget("ssh-web-2")),
                member.delete("/api/deployment-targets/" + id));

        for (ApiClient.Response answer : refused) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertThat(answer.json().path("detail").asText()).contains("certflow-admins");
            assertThat(answer.body()).doesNotContain(privateKeyLine);
        }
        assertThat(member.get("/api/deployment-targets/" + id).json().path("ssh").path("user").asText()).isEqualTo("deploy");
        assertThat(names(administrator)).doesNotContain("ssh-members-own");
    }

    @Test
    void anotherTenantsSshTargetIsNotFound() {
        String id = administrator.post("/api/deployment-targets", sshTarget("ssh-web-3")).json().path("id").asText();

        assertThat(otherAdministrator.get("/api/deployment-targets/" + id).status()).isEqualTo(404);
        assertThat(otherAdministrator.put("/api/deployment-targets/" + id, sshTarget("ssh-web-3")).status()).isEqualTo(404);
        assertThat(otherAdministrator.delete("/api/deployment-targets/" + id).status()).isEqualTo(404);
        assertThat(administrator.get("/api/deployment-targets/" + id).status()).isEqualTo(200);
    }

    static Stream<Arguments> hostileSshTargets() {
        return Stream.of(
                Arguments.of("a fingerprint that is no fingerprint", "ssh.hostKeyFingerprint", "SHA256:abc",
                        "ssh.hostKeyFingerprint: not a SHA256 fingerprint"),
                Arguments.of("an MD5 fingerprint", "ssh.hostKeyFingerprint", "MD5:60:35:87:3d:06:9e:98:87:57:f7:a2:6e:0a:ae:1e:40",
                        "ssh.hostKeyFingerprint: an MD5 fingerprint is not accepted"),
                Arguments.of("no fingerprint (no trust on first use)", "ssh.hostKeyFingerprint", null,
                        "ssh.hostKeyFingerprint: required"),
                Arguments.of("a relative remote path", "files.keyPath", "ssl/privkey.pem", "files.keyPath: must be an absolute path"),
                Arguments.of("a remote path climbing with ..", "files.keyPath", "/etc/nginx/../../root/.ssh/authorized_keys",
                        "files.keyPath: must not contain '..'"),
                Arguments.of("a NUL in a remote path", "files.fullChainPath", "/etc/nginx/ssl/full\u0000chain.pem",
                        "files.fullChainPath: a path holds no control characters"),
                Arguments.of("a newline in a remote path", "files.keyPath", "/etc/nginx/ssl/key\n.pem",
                        "files.keyPath: a path holds no control characters"),
                Arguments.of("a pattern in a remote path", "files.keyPath", "/etc/nginx/ssl/*.pem", "files.keyPath: must not contain '*'"),
                Arguments.of("a remote path of 2,000 characters", "files.keyPath", "/" + "k".repeat(2000), "files.keyPath: at most"),
                Arguments.of("an owner SFTP cannot set", "files.owner", "www-data", "files.owner: an SSH target cannot give files"),
                Arguments.of("no secret", "ssh.privateKey", null, "ssh.privateKey or ssh.password: required"),
                Arguments.of("both secrets", "ssh.password", PASSWORD, "ssh.privateKey and ssh.password: give one of them, not both"),
                Arguments.of("a private key that is not one", "ssh.privateKey",
                        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                        "ssh.privateKey: cannot be read"),
                Arguments.of("a public key given as the private key", "ssh.privateKey",
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIjkHve5f2O4Omik3Oh8EeU3oEZJQ0FgYRQr1RafB7O0", "ssh.privateKey: not"),
                Arguments.of("port 0", "ssh.port", 0, "ssh.port: a number from 1 to 65535"),
                Arguments.of("port 70000", "ssh.port", 70000, "ssh.port: a number from 1 to 65535"),
                Arguments.of("a host that is no host", "ssh.host", "-oProxyCommand=sh", "ssh.host:"),
                Arguments.of("a host with a newline", "ssh.host", "web-1.example.test\nevil", "ssh.host:"),
                Arguments.of("no host", "ssh.host", null, "ssh.host:"),
                Arguments.of("a user starting with a dash", "ssh.user", "-oProxyCommand=sh", "ssh.user:"),
                Arguments.of("a user with a space", "ssh.user", "de ploy", "ssh.user:"),
                Arguments.of("no login at all", "ssh", null, "ssh: an SSH target names its login"),
                Arguments.of("a keystore for an SSH target", "keystore", Map.of("path", "/srv/k.p12", "password", "keystore-secret"),
                        "keystore: only a KEYSTORE target has a keystore"),
                Arguments.of("an unknown reload command", "reloadCommand", "sh -c reboot",
                        "reloadCommand: no reload command of that name is configured"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSshTargets")
    void aHostileSshTargetIsAProblemNamingTheFieldWithoutItsSecretAndNothingIsStored(String what, String field, Object value,
                                                                                    String detail) throws SQLException {
        List<String> before = names(administrator);
        int rowsBefore = rowCount();
        Map<String, Object> body = sshTarget("hostile-ssh-" + Math.abs(what.hashCode()));
        put(body, field, value);

        ApiClient.Response refused = administrator.post("/api/deployment-targets", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains(detail).doesNotContain("Exception").doesNotContain("java.");
        assertThat(refused.body()).doesNotContain(privateKeyLine).doesNotContain(PASSWORD);
        assertThat(names(administrator)).isEqualTo(before);
        assertThat(rowCount()).isEqualTo(rowsBefore);
    }

    @Test
    void sshGivenForALocalTargetIsAProblemAndNothingIsStored() throws SQLException {
        int rowsBefore = rowCount();
        Map<String, Object> body = sshTarget("local-with-ssh");
        body.put("kind", "PEM_FILES");
        body.put("files", Map.of("keyPath", RealServers.deploymentRoot().resolve("local-with-ssh/privkey.pem").toString()));

        ApiClient.Response refused = administrator.post("/api/deployment-targets", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("ssh: only an SSH target logs in to another host");
        assertThat(refused.body()).doesNotContain(privateKeyLine);
        assertThat(rowCount()).isEqualTo(rowsBefore);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> body, String field, Object value) {
        String[] parts = field.split("\\.");
        Map<String, Object> holder = body;
        for (int i = 0; i < parts.length - 1; i++) {
            holder.put(parts[i], new HashMap<>((Map<String, Object>) holder.get(parts[i])));
            holder = (Map<String, Object>) holder.get(parts[i]);
        }
        holder.put(parts[parts.length - 1], value);
    }

    private static List<String> names(ApiClient client) {
        return client.get("/api/deployment-targets").json().findValuesAsText("name");
    }

    /** The stored row, every column as text, read straight from PostgreSQL; empty when there is none. */
    private static Map<String, String> row(String id) throws SQLException {
        try (Connection connection = RealServers.database().connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select * from certflow.deployment_target where id = '" + java.util.UUID.fromString(id) + "'")) {
            Map<String, String> row = new HashMap<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
            }
            return row;
        }
    }

    private static int rowCount() throws SQLException {
        try (Connection connection = RealServers.database().connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from certflow.deployment_target")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Every column of every target, as one text. */
    private static String tableText() throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection connection = RealServers.database().connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select * from certflow.deployment_target")) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
            }
            text.append(values);
        }
        return text.toString();
    }
}
