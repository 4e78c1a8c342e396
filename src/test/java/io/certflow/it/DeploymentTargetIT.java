package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * Deployment targets over the API: a tenant administrator configures them within what the host allows
 * (directories under certflow.deployment.allowed-roots, reload commands by name); anything else is a
 * problem naming the rule, and nothing is stored.
 */
class DeploymentTargetIT extends CertflowIT {

    private static final String TENANT = "deployco";

    private static final String KEYSTORE_PASSWORD = "Zq7-keystore-secret";

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;

    ApiClient administrator;
    ApiClient member;
    ApiClient otherAdministrator;
    Path root;

    @BeforeAll
    void usersAndTheAllowedRoot() throws IOException {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "dana", "dana-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "dirk", "dirk-password-1");
        otherAdministrator = TenantUsers.administratorOf(identityService, baseUrl(), "otherdeployco", "odin", "odin-password-1");
        root = RealServers.deploymentRoot();
        Files.createSymbolicLink(root.resolve("to-etc"), Path.of("/etc"));
    }

    private Map<String, Object> target(String name) {
        Map<String, Object> files = new HashMap<>(Map.of(
                "fullChainPath", root.resolve(name + "/fullchain.pem").toString(),
                "keyPath", root.resolve(name + "/privkey.pem").toString()));
        Map<String, Object> target = new HashMap<>(Map.of("name", name, "kind", "PEM_FILES", "files", files,
                "verify", Map.of("host", "127.0.0.1", "port", 8443, "serverName", "www.deployco.test"),
                "reloadCommand", "test-reload"));
        return target;
    }

    private Map<String, Object> keystoreTarget(String name) {
        Map<String, Object> keystore = new HashMap<>(Map.of("path", root.resolve(name + "/server.p12").toString(),
                "password", KEYSTORE_PASSWORD));
        return new HashMap<>(Map.of("name", name, "kind", "KEYSTORE", "keystore", keystore,
                "verify", Map.of("host", "127.0.0.1", "port", 8443, "serverName", "app.deployco.test")));
    }

    @Test
    void aKeystoreTargetIsCreatedWithItsDefaultsAndItsPasswordIsNeverSentBackNorStoredInClear() {
        ApiClient.Response created = administrator.post("/api/deployment-targets", keystoreTarget("app-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        JsonNode keystore = created.json().path("keystore");
        assertThat(keystore.path("path").asText()).isEqualTo(root.resolve("app-1/server.p12").toString());
        assertThat(keystore.path("format").asText()).isEqualTo("PKCS12");
        assertThat(keystore.path("alias").asText()).isEqualTo("certflow");
        assertThat(keystore.path("passwordSet").asBoolean()).isTrue();
        assertThat(keystore.has("password")).isFalse();
        assertThat(created.json().has("files")).as("a keystore target has no PEM files").isFalse();
        String sealed = storedPassword(id);
        assertThat(sealed).isNotBlank().doesNotContain(KEYSTORE_PASSWORD);

        Map<String, Object> withoutPassword = keystoreTarget("app-1");
        put(withoutPassword, "keystore.password", null);
        put(withoutPassword, "keystore.format", "JKS");
        ApiClient.Response updated = administrator.put("/api/deployment-targets/" + id, withoutPassword);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("keystore").path("format").asText()).isEqualTo("JKS");
        assertThat(updated.json().path("keystore").path("passwordSet").asBoolean()).isTrue();
        assertThat(storedPassword(id)).as("a change without a password keeps the stored one").isEqualTo(sealed);

        Map<String, Object> newPassword = keystoreTarget("app-1");
        put(newPassword, "keystore.password", "another-Secret-42");
        ApiClient.Response changed = administrator.put("/api/deployment-targets/" + id, newPassword);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(storedPassword(id)).isNotEqualTo(sealed).doesNotContain("another-Secret-42");

        for (ApiClient.Response answer : List.of(created, updated, changed, administrator.get("/api/deployment-targets/" + id),
                member.get("/api/deployment-targets/" + id), administrator.get("/api/deployment-targets"))) {
            assertThat(answer.body()).doesNotContain(KEYSTORE_PASSWORD).doesNotContain("another-Secret-42")
                    .doesNotContain(sealed).doesNotContain(storedPassword(id));
        }
        assertThat(member.get("/api/deployment-targets/" + id).json().path("keystore").path("passwordSet").asBoolean()).isTrue();
    }

    private String storedPassword(String id) {
        return jdbc.queryForObject("select keystore_password from certflow.deployment_target where id = ?", String.class,
                UUID.fromString(id));
    }

    static Stream<Arguments> hostileKeystoreTargets() {
        return Stream.of(
                Arguments.of("a keystore without a password", "keystore.password", null, "keystore.password: required"),
                Arguments.of("a password of 7 characters", "keystore.password", "short-7", "keystore.password: must be 8 to 128"),
                Arguments.of("a format that is no keystore", "keystore.format", "PEM", "keystore.format: must be PKCS12 or JKS"),
                Arguments.of("an alias JKS would fold to lower case", "keystore.alias", "Tomcat", "keystore.alias:"),
                Arguments.of("a keystore outside the allowed directories", "keystore.path", "/etc/ssl/server.p12",
                        "keystore.path: lies outside the allowed directories"),
                Arguments.of("a keystore through a link out of the root", "keystore.path", "ROOT/to-etc/server.p12",
                        "once its symbolic links are followed"),
                Arguments.of("files given for a KEYSTORE target", "files", Map.of("keyPath", "ROOT/app/privkey.pem"),
                        "files: a KEYSTORE target writes one keystore file"),
                Arguments.of("no keystore for a KEYSTORE target", "keystore", null, "keystore: a KEYSTORE target names its keystore"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKeystoreTargets")
    void aHostileKeystoreTargetIsAProblemNamingTheFieldWithoutThePasswordAndNothingIsStored(String what, String field,
                                                                                            Object value, String detail)
            throws IOException {
        List<String> before = names(administrator);
        List<Path> filesBefore = filesUnderTheRoot();
        Map<String, Object> body = keystoreTarget("hostile-ks-" + Math.abs(what.hashCode()));
        Object given = value instanceof String text ? text.replace("ROOT", root.toString()) : value;
        if (given instanceof Map<?, ?> map) {
            Map<String, Object> replaced = new HashMap<>();
            map.forEach((key, text) -> replaced.put((String) key, ((String) text).replace("ROOT", root.toString())));
            given = replaced;
        }
        put(body, field, given);

        ApiClient.Response refused = administrator.post("/api/deployment-targets", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains(detail).doesNotContain("Exception").doesNotContain("java.");
        assertThat(refused.body()).doesNotContain(KEYSTORE_PASSWORD).doesNotContain("short-7");
        assertThat(names(administrator)).isEqualTo(before);
        assertThat(filesUnderTheRoot()).isEqualTo(filesBefore);
    }

    @Test
    void aKeystoreGivenForAPemFilesTargetIsAProblemNamingTheFieldAndNothingIsStored() {
        List<String> before = names(administrator);
        Map<String, Object> body = target("pem-with-keystore");
        body.put("keystore", Map.of("path", root.resolve("x.p12").toString(), "password", KEYSTORE_PASSWORD));

        ApiClient.Response refused = administrator.post("/api/deployment-targets", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("keystore: only a KEYSTORE target has a keystore");
        assertThat(refused.body()).doesNotContain(KEYSTORE_PASSWORD);
        assertThat(names(administrator)).isEqualTo(before);
    }

    @Test
    void aTenantAdministratorCreatesReadsChangesAndRemovesATarget() {
        ApiClient.Response created = administrator.post("/api/deployment-targets", target("web-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("files").path("keyMode").asText()).as("a key is the owner's alone").isEqualTo("0600");
        assertThat(created.json().path("files").path("fileMode").asText()).isEqualTo("0644");
        assertThat(member.get("/api/deployment-targets/" + id).json().path("name").asText()).isEqualTo("web-1");

        Map<String, Object> changed = target("web-1");
        changed.put("reloadCommand", null);
        ApiClient.Response updated = administrator.put("/api/deployment-targets/" + id, changed);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("reloadCommand").isMissingNode()).isTrue();

        assertThat(administrator.delete("/api/deployment-targets/" + id).status()).isEqualTo(204);
        assertThat(administrator.get("/api/deployment-targets/" + id).status()).isEqualTo(404);
    }

    @Test
    void aMemberMayUseTargetsButNotCreateChangeOrRemoveThem() {
        String id = administrator.post("/api/deployment-targets", target("web-2")).json().path("id").asText();

        ApiClient.Response create = member.post("/api/deployment-targets", target("members-own"));
        ApiClient.Response change = member.put("/api/deployment-targets/" + id, target("web-2"));
        ApiClient.Response remove = member.delete("/api/deployment-targets/" + id);

        for (ApiClient.Response refused : List.of(create, change, remove)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().path("detail").asText()).contains("certflow-admins");
        }
        assertThat(administrator.get("/api/deployment-targets/" + id).status()).isEqualTo(200);
        assertThat(names(administrator)).doesNotContain("members-own");
    }

    @Test
    void anotherTenantsTargetIsNotFoundForEveryVerb() {
        String id = administrator.post("/api/deployment-targets", target("web-3")).json().path("id").asText();

        assertThat(otherAdministrator.get("/api/deployment-targets/" + id).status()).isEqualTo(404);
        assertThat(otherAdministrator.put("/api/deployment-targets/" + id, target("web-3")).status()).isEqualTo(404);
        assertThat(otherAdministrator.delete("/api/deployment-targets/" + id).status()).isEqualTo(404);
        assertThat(names(otherAdministrator)).doesNotContain("web-3");
        assertThat(administrator.get("/api/deployment-targets/" + id).status()).isEqualTo(200);
    }

    static Stream<Arguments> hostileTargets() {
        return Stream.of(
                Arguments.of("a key outside the allowed directories", "files.keyPath", "/etc/ssl/private/privkey.pem",
                        "files.keyPath: lies outside the allowed directories"),
                Arguments.of("a path climbing out with ..", "files.keyPath", "ROOT/../../etc/privkey.pem", "must not contain '..'"),
                Arguments.of("a path through a link out of the root", "files.keyPath", "ROOT/to-etc/privkey.pem",
                        "once its symbolic links are followed"),
                Arguments.of("a relative path", "files.keyPath", "privkey.pem", "must be an absolute path"),
                Arguments.of("a NUL in a path", "files.keyPath", "ROOT/key\u0000.pem", "no control characters"),
                Arguments.of("a path of 2,000 characters", "files.keyPath", "ROOT/" + "k".repeat(2000), "at most 1024 characters"),
                Arguments.of("a key readable by others", "files.keyMode", "0644", "the last digit must be 0"),
                Arguments.of("a mode that is not octal", "files.fileMode", "rw-r--r--", "an octal mode"),
                Arguments.of("an owner that is not a user name", "files.owner", "root; rm -rf /", "a user or group name"),
                Arguments.of("a reload command that is not configured", "reloadCommand", "sh -c 'reboot'",
                        "reloadCommand: no reload command of that name is configured"),
                Arguments.of("a kind that does not exist", "kind", "FTP", "kind: must be PEM_FILES, KEYSTORE or SSH"),
                Arguments.of("a verify host that is no host", "verify.host", "-bad-", "verify.host:"),
                Arguments.of("a verify port out of range", "verify.port", 99999, "verify.port: a number from 1 to 65535"),
                Arguments.of("a server name with a space", "verify.serverName", "www example.test", "verify.serverName:"),
                Arguments.of("a name with a slash", "name", "web/1", "name: 1 to 100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTargets")
    void aHostileTargetIsAProblemNamingTheRuleAndNothingIsStoredOrWritten(String what, String field, Object value, String detail)
            throws IOException {
        List<String> before = names(administrator);
        List<Path> filesBefore = filesUnderTheRoot();
        Map<String, Object> body = target("hostile-" + Math.abs(what.hashCode()));
        put(body, field, value instanceof String text ? text.replace("ROOT", root.toString()) : value);

        ApiClient.Response refused = administrator.post("/api/deployment-targets", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asText()).contains(detail).doesNotContain("Exception").doesNotContain("java.");
        assertThat(names(administrator)).isEqualTo(before);
        assertThat(filesUnderTheRoot()).isEqualTo(filesBefore);
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
        JsonNode list = client.get("/api/deployment-targets").json();
        return list.findValuesAsText("name");
    }

    private List<Path> filesUnderTheRoot() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.sorted().toList();
        }
    }
}
