package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
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
import io.certflow.it.support.TenantUsers;

/**
 * Deployment targets over the API: a tenant administrator configures them within what the host allows
 * (directories under certflow.deployment.allowed-roots, reload commands by name); anything else is a
 * problem naming the rule, and nothing is stored.
 */
class DeploymentTargetIT extends CertflowIT {

    private static final String TENANT = "deployco";

    @Autowired
    IdentityService identityService;

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
                Arguments.of("a kind not available yet", "kind", "SSH", "kind: must be PEM_FILES"),
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
