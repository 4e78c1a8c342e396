package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.OpenSsl;
import io.certflow.it.support.TenantUsers;

/**
 * Tenant administrators manage what their members use; members request, upload and use it; an
 * issuer's approval cannot be bypassed; the global administrator creates nothing in a tenant that
 * does not exist.
 */
class RolesIT extends CertflowIT {

    private static final String TENANT = "rolesco";
    private static final String TSIG_SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    ApiClient administrator;
    ApiClient member;
    String issuerId;
    String zoneId;
    String uploadedRepositoryId;
    String privateRepositoryId;

    @BeforeAll
    void aTenantSetUpByItsAdministrator() {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "rhea", "rhea-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "remy", "remy-password-1");
        issuerId = created(administrator.post("/api/issuers", Map.of("name", "rolesco-ca", "type", "PRIVATE_CA"))).path("id").asText();
        zoneId = created(administrator.post("/api/dns-zones", Map.of("zone", "rolesco.test", "primaryServer", "127.0.0.1:53",
                "tsigKeyName", "k", "tsigSecret", TSIG_SECRET))).path("id").asText();
        uploadedRepositoryId = created(administrator.post("/api/repositories", Map.of("name", "documents", "dataSource", "UPLOADED")))
                .path("id").asText();
        privateRepositoryId = created(administrator.post("/api/repositories", Map.of("name", "internal", "dataSource", "PRIVATE")))
                .path("id").asText();
    }

    /** What only a tenant administrator may do, each call as a member would send it. */
    private Map<String, Supplier<ApiClient.Response>> administratorsWork(ApiClient client) {
        return Map.ofEntries(
                Map.entry("create an issuer", () -> client.post("/api/issuers", Map.of("name", "members-ca", "type", "PRIVATE_CA"))),
                Map.entry("change an issuer", () -> client.patch("/api/issuers/" + issuerId, Map.of("approvalRequired", false))),
                Map.entry("accept terms", () -> client.post("/api/issuers/" + issuerId + "/terms", Map.of("accepted", true))),
                Map.entry("create a template", () -> client.post("/api/templates", Map.of("name", "members-template", "issuer", "rolesco-ca"))),
                Map.entry("configure a DNS zone", () -> client.post("/api/dns-zones", Map.of("zone", "members.rolesco.test",
                        "primaryServer", "127.0.0.1:53", "tsigKeyName", "k", "tsigSecret", TSIG_SECRET))),
                Map.entry("change a DNS zone", () -> client.put("/api/dns-zones/" + zoneId, Map.of("primaryServer", "192.0.2.1:53",
                        "tsigKeyName", "k", "tsigSecret", TSIG_SECRET))),
                Map.entry("remove a DNS zone", () -> client.delete("/api/dns-zones/" + zoneId)),
                Map.entry("create a repository", () -> client.post("/api/repositories", Map.of("name", "mine", "dataSource", "UPLOADED"))),
                Map.entry("rename a repository", () -> client.patch("/api/repositories/" + uploadedRepositoryId, Map.of("name", "mine"))),
                Map.entry("reset a repository", () -> client.post("/api/repositories/" + uploadedRepositoryId + "/reset",
                        Map.of("confirmed", true))),
                Map.entry("enable a repository", () -> client.post("/api/repositories/" + uploadedRepositoryId + "/enable",
                        Map.of("dataSource", "UPLOADED_CA"))),
                Map.entry("delete a repository", () -> client.delete("/api/repositories/" + uploadedRepositoryId)));
    }

    @Test
    void aMemberIsRefusedEveryAdministratorsTaskWithAProblemNamingTheRoleAndNothingChanges() {
        long resetsBefore = historyService.createHistoricProcessInstanceQuery().processDefinitionKey("RepositoryResetProcess").count();
        Map<String, Long> rowsBefore = rowsOfTenant();

        administratorsWork(member).forEach((what, call) -> {
            ApiClient.Response refused = call.get();
            assertThat(refused.status()).as(what + ": " + refused.body()).isEqualTo(403);
            assertThat(refused.contentType()).as(what).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText()).as(what)
                    .contains("Only an administrator of tenant 'rolesco' may", "certflow-admins");
        });

        assertThat(rowsOfTenant()).as("nothing stored or removed").isEqualTo(rowsBefore);
        JsonNode repository = member.get("/api/repositories/" + uploadedRepositoryId).json();
        assertThat(repository.path("state").asText()).isEqualTo("ENABLED");
        assertThat(repository.path("name").asText()).isEqualTo("documents");
        assertThat(administrator.get("/api/dns-zones/" + zoneId).json().path("primaryServer").asText()).isEqualTo("127.0.0.1:53");
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("RepositoryResetProcess").count())
                .as("no reset started").isEqualTo(resetsBefore);
    }

    @Test
    void aMemberRequestsUploadsIssuesFromARepositoryAndSignsWithIt() throws Exception {
        ApiClient.Response requested = member.post("/api/certificates", Map.of("domains", List.of("app.rolesco.internal.test"),
                "issuer", "rolesco-ca"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        assertThat(member.awaitFinal(requested.json().path("id").asText(), Duration.ofSeconds(30)).path("status").asText())
                .isEqualTo("ISSUED");

        ApiClient.Response issued = member.post("/api/repositories/" + privateRepositoryId + "/certificates",
                Map.of("subject", "CN=service.rolesco.internal.test", "sans", List.of("service.rolesco.internal.test")));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);

        OpenSsl openssl = new OpenSsl(dir);
        openssl.makeRootAndLeaf("signer.rolesco.test");
        ApiClient.Response uploaded = member.upload("/api/certificates/upload", Map.of("repository", uploadedRepositoryId),
                "bundle.pem", Files.readAllBytes(dir.resolve("bundle.pem")));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        ApiClient.Response signed = member.post("/api/repositories/" + uploadedRepositoryId + "/sign",
                Map.of("certificateId", uploaded.json().path("id").asText(), "content", "AA=="));
        assertThat(signed.status()).as(signed.body()).isEqualTo(200);
    }

    @Test
    void namingTheIssuerDirectlyCannotBypassAnApproval() {
        created(administrator.post("/api/issuers", Map.of("name", "gated-ca", "type", "PRIVATE_CA", "approvalRequired", true)));
        created(administrator.post("/api/templates", Map.of("name", "gated-quick", "issuer", "gated-ca", "approvalRequired", false)));
        created(administrator.post("/api/issuers", Map.of("name", "careful-ca", "type", "PRIVATE_CA")));
        created(administrator.post("/api/templates", Map.of("name", "careful", "issuer", "careful-ca", "approvalRequired", true)));
        JsonNode free = created(administrator.post("/api/issuers", Map.of("name", "free-ca", "type", "PRIVATE_CA")));
        assertThat(free.path("approvalRequired").asBoolean()).isFalse();

        assertThat(statusOfRequest(Map.of("issuer", "gated-ca"))).as("the issuer requires approval").isEqualTo("AWAITING_APPROVAL");
        assertThat(statusOfRequest(Map.of("template", "gated-quick"))).as("a template cannot waive the issuer's approval")
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(statusOfRequest(Map.of("template", "careful"))).isEqualTo("AWAITING_APPROVAL");
        assertThat(statusOfRequest(Map.of("issuer", "careful-ca"))).as("naming the issuer of an approval template directly")
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(statusOfRequest(Map.of("issuer", "free-ca"))).as("nothing asks for approval").isNotEqualTo("AWAITING_APPROVAL");

        ApiClient.Response gated = administrator.patch("/api/issuers/" + free.path("id").asText(), Map.of("approvalRequired", true));
        assertThat(gated.status()).as(gated.body()).isEqualTo(200);
        assertThat(gated.json().path("approvalRequired").asBoolean()).isTrue();
        assertThat(statusOfRequest(Map.of("issuer", "free-ca"))).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void aRepositoryWhoseCaRequiresApprovalIssuesOnlyToItsApprovers() {
        created(administrator.post("/api/issuers", Map.of("name", "gated-repository-ca", "type", "PRIVATE_CA", "approvalRequired", true)));
        String repositoryId = created(administrator.post("/api/repositories", Map.of("name", "gated-internal", "dataSource", "PRIVATE",
                "certificateAuthority", "gated-repository-ca"))).path("id").asText();
        Map<String, Object> certificate = Map.of("sans", List.of("gated.rolesco.internal.test"));

        ApiClient.Response refused = member.post("/api/repositories/" + repositoryId + "/certificates", certificate);

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).contains("requires approval for every certificate").contains("certflow-admins");
        assertThat(administrator.get("/api/repositories/" + repositoryId).json().path("certificates")).as("nothing issued").isEmpty();
        ApiClient.Response issued = administrator.post("/api/repositories/" + repositoryId + "/certificates", certificate);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    }

    @Test
    void aTenantAdministratorConfirmsAResetInTasklistWhichAMemberCannot() {
        String id = created(administrator.post("/api/repositories", Map.of("name", "to-reset", "dataSource", "UPLOADED")))
                .path("id").asText();
        ApiClient.Response reset = administrator.post("/api/repositories/" + id + "/reset", Map.of());
        assertThat(reset.status()).as(reset.body()).isEqualTo(202);
        String instance = reset.json().path("processInstanceId").asText();

        assertThat(member.get("/engine-rest/task?processInstanceId=" + instance).json()).as("not offered to members").isEmpty();
        JsonNode tasks = administrator.get("/engine-rest/task?processInstanceId=" + instance).json();
        assertThat(tasks.findValuesAsText("taskDefinitionKey")).containsExactly("UserTask_ConfirmReset");
        String taskId = tasks.get(0).path("id").asText();
        String confirmed = "{\"variables\":{\"resetConfirmed\":{\"value\":true,\"type\":\"Boolean\"}}}";
        assertThat(member.post("/engine-rest/task/" + taskId + "/complete", confirmed).status()).isIn(403, 404);
        assertThat(administrator.get("/api/repositories/" + id).json().path("state").asText()).isEqualTo("ENABLED");

        ApiClient.Response completed = administrator.post("/engine-rest/task/" + taskId + "/complete", confirmed);
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);
        assertThat(administrator.get("/api/repositories/" + id).json().path("state").asText()).isEqualTo("RESET");
    }

    @Test
    void aTenantAdministratorAdministersOnlyTheirOwnTenant() {
        String defaultRepository = created(admin().post("/api/repositories",
                Map.of("name", "default-" + UUID.randomUUID().toString().substring(0, 8), "dataSource", "UPLOADED"))).path("id").asText();

        assertThat(administrator.post("/api/repositories/" + defaultRepository + "/reset", Map.of("confirmed", true)).status())
                .as("another tenant's repository is not found, not forbidden").isEqualTo(404);
        ApiClient.Response elsewhere = administrator.post("/api/issuers", Map.of("tenant", "default", "name", "x", "type", "PRIVATE_CA"));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.json().path("detail").asText()).isEqualTo("Tenant default does not exist");
    }

    @Test
    void changingAnIssuersApprovalTakesOnlyAYesOrNoAndOnlyInTheAdministratorsTenant() {
        String gated = created(administrator.post("/api/issuers", Map.of("name", "patch-ca", "type", "PRIVATE_CA"))).path("id").asText();
        ApiClient otherAdministrator = TenantUsers.administratorOf(identityService, baseUrl(), "otherrolesco", "omar", "omar-password-1");

        for (String body : List.of("{\"approvalRequired\": \"yes\"}", "{\"approvalRequired\": 1}", "{\"approvalRequired\": true, \"name\": \"x\"}",
                "{\"approvalRequired\": true} trailing")) {
            ApiClient.Response refused = administrator.patch("/api/issuers/" + gated, body);
            assertThat(refused.status()).as(body + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        ApiClient.Response elsewhere = otherAdministrator.patch("/api/issuers/" + gated, Map.of("approvalRequired", true));
        assertThat(elsewhere.status()).as("another tenant's issuer is not found").isEqualTo(404);

        assertThat(administrator.get("/api/issuers/" + gated).json().path("approvalRequired").asBoolean()).as("unchanged").isFalse();
    }

    @Test
    void theGlobalAdministratorCreatesNothingInATenantThatDoesNotExist() {
        Map<String, Supplier<ApiClient.Response>> creations = Map.of(
                "issuer", () -> admin().post("/api/issuers", Map.of("tenant", "no-such-tenant", "name", "ghost-ca", "type", "PRIVATE_CA")),
                "template", () -> admin().post("/api/templates", Map.of("tenant", "no-such-tenant", "name", "ghost", "issuer", "local-ca")),
                "DNS zone", () -> admin().post("/api/dns-zones", Map.of("tenant", "no-such-tenant", "zone", "ghost.test",
                        "primaryServer", "127.0.0.1:53", "tsigKeyName", "k", "tsigSecret", TSIG_SECRET)),
                "repository", () -> admin().post("/api/repositories", Map.of("tenant", "no-such-tenant", "name", "ghost",
                        "dataSource", "UPLOADED")),
                "certificate", () -> admin().post("/api/certificates", Map.of("tenant", "no-such-tenant",
                        "domains", List.of("ghost.internal.test"), "issuer", "local-ca")),
                "upload", () -> admin().upload("/api/certificates/upload", Map.of("tenant", "no-such-tenant"), "x.pem", "x".getBytes()));
        long rowsBefore = jdbc.queryForObject("select count(*) from certflow.issuer", Long.class)
                + jdbc.queryForObject("select count(*) from certflow.repository", Long.class)
                + jdbc.queryForObject("select count(*) from certflow.dns_zone", Long.class);

        creations.forEach((what, call) -> {
            ApiClient.Response refused = call.get();
            assertThat(refused.status()).as(what + ": " + refused.body()).isEqualTo(404);
            assertThat(refused.contentType()).as(what).startsWith("application/problem+json");
            assertThat(refused.json().path("detail").asText()).as(what).isEqualTo("Tenant no-such-tenant does not exist");
        });

        assertThat(jdbc.queryForObject("select count(*) from certflow.issuing_template where tenant_id = 'no-such-tenant'", Long.class)
                + jdbc.queryForObject("select count(*) from certflow.certificate where tenant_id = 'no-such-tenant'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from certflow.issuer", Long.class)
                + jdbc.queryForObject("select count(*) from certflow.repository", Long.class)
                + jdbc.queryForObject("select count(*) from certflow.dns_zone", Long.class)).isEqualTo(rowsBefore);
        ApiClient.Response inAnExistingTenant = admin().post("/api/templates", Map.of("tenant", TENANT, "name", "by-the-admin",
                "issuer", "rolesco-ca"));
        assertThat(inAnExistingTenant.status()).as("a tenant the administrator is no member of, but which exists: "
                + inAnExistingTenant.body()).isEqualTo(201);
    }

    private String statusOfRequest(Map<String, String> source) {
        Map<String, Object> body = new java.util.HashMap<>(source);
        body.put("domains", List.of("a" + UUID.randomUUID().toString().substring(0, 8) + ".rolesco.internal.test"));
        ApiClient.Response accepted = member.post("/api/certificates", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("status").asText();
    }

    private Map<String, Long> rowsOfTenant() {
        return Map.of(
                "issuers", count("certflow.issuer"), "templates", count("certflow.issuing_template"),
                "zones", count("certflow.dns_zone"), "repositories", count("certflow.repository"));
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("select count(*) from " + table + " where tenant_id = ?", Long.class, TENANT);
        return count == null ? 0 : count;
    }

    private static JsonNode created(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }
}
