package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.crypto.Pem;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.OpenSsl;
import io.certflow.it.support.TenantUsers;
import io.certflow.repository.ApplicationRepositoryWorkflow;

/**
 * Certificate application repositories over the API, with openssl as the real peer of the CMS
 * operations: what Certflow signs and encrypts, openssl verifies and decrypts, and the other way round.
 */
class RepositoryIT extends CertflowIT {

    @Autowired
    TaskService taskService;
    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;
    @Autowired
    ApplicationRepositoryWorkflow workflow;

    @TempDir
    Path dir;

    ApiClient admin;
    ApiClient otherTenantUser;
    OpenSsl openssl;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void users() {
        admin = admin();
        otherTenantUser = TenantUsers.memberOf(identityService, baseUrl(), "repotenant", "rita", "rita-password-1");
    }

    @Test
    void anUploadedRepositorySignsAndEncryptsInteroperablyWithOpenssl() throws Exception {
        openssl = new OpenSsl(dir);
        openssl.makeRootAndLeaf("signer-" + suffix + ".example.test");
        String repositoryId = createRepository("documents-" + suffix, "UPLOADED", null);
        JsonNode uploaded = upload(repositoryId, Files.readAllBytes(dir.resolve("bundle.pem")));
        String certificateId = uploaded.path("id").asText();
        assertThat(uploaded.path("source").asText()).isEqualTo("UPLOADED");
        assertThat(uploaded.path("autoManaged").asBoolean()).isFalse();
        assertThat(admin.get("/api/repositories/" + repositoryId).json().path("certificates").toString()).contains(certificateId);

        byte[] content = ("contract " + suffix + "\n").getBytes();
        Files.write(dir.resolve("data.bin"), content);

        // Certflow signs, openssl verifies (attached and detached).
        Files.write(dir.resolve("attached.der"), base64(call(repositoryId, "sign",
                Map.of("certificateId", certificateId, "content", b64(content))), "signature"));
        openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "attached.der", "-CAfile", "root.pem",
                "-purpose", "any", "-out", "attached.out");
        assertThat(Files.readAllBytes(dir.resolve("attached.out"))).isEqualTo(content);
        Files.write(dir.resolve("detached.der"), base64(call(repositoryId, "sign",
                Map.of("certificateId", certificateId, "content", b64(content), "detached", true)), "signature"));
        openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "detached.der", "-content", "data.bin",
                "-CAfile", "root.pem", "-purpose", "any", "-out", "detached.out");

        // Certflow encrypts, openssl decrypts with the key the test uploaded.
        Files.write(dir.resolve("enveloped.der"), base64(call(repositoryId, "encrypt",
                Map.of("certificateId", certificateId, "content", b64(content))), "envelopedData"));
        openssl.run("cms", "-decrypt", "-binary", "-inform", "DER", "-in", "enveloped.der", "-recip", "leaf.pem",
                "-inkey", "leaf.key", "-out", "decrypted.out");
        assertThat(Files.readAllBytes(dir.resolve("decrypted.out"))).isEqualTo(content);

        // openssl signs and encrypts to the repository certificate; Certflow verifies and decrypts.
        openssl.run("cms", "-sign", "-binary", "-nodetach", "-in", "data.bin", "-signer", "leaf.pem", "-inkey", "leaf.key",
                "-certfile", "root.pem", "-outform", "DER", "-out", "openssl-signed.der");
        JsonNode verified = call(repositoryId, "verify", Map.of("signature", b64(Files.readAllBytes(dir.resolve("openssl-signed.der")))));
        assertThat(verified.path("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(base64(verified, "content")).isEqualTo(content);
        openssl.run("cms", "-encrypt", "-binary", "-aes256", "-in", "data.bin", "-outform", "DER", "-out", "openssl-enveloped.der",
                "leaf.pem");
        JsonNode decrypted = call(repositoryId, "decrypt",
                Map.of("envelopedData", b64(Files.readAllBytes(dir.resolve("openssl-enveloped.der")))));
        assertThat(base64(decrypted, "content")).isEqualTo(content);

        // A tampered signature does not verify.
        byte[] tampered = Files.readAllBytes(dir.resolve("openssl-signed.der"));
        tampered[tampered.length - 10] ^= 0x01;
        JsonNode refused = call(repositoryId, "verify", Map.of("signature", b64(tampered)));
        assertThat(refused.path("valid").asBoolean()).isFalse();
    }

    @Test
    void aRepositoryIsRenamedResetAfterConfirmationEnabledAgainAndDeletedOnlyAfterAReset() {
        String id = createRepository("lifecycle-" + suffix, "UPLOADED", null);

        ApiClient.Response renamed = admin.patch("/api/repositories/" + id, Map.of("name", "renamed-" + suffix));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("name").asText()).isEqualTo("renamed-" + suffix);

        ApiClient.Response earlyDelete = admin.delete("/api/repositories/" + id);
        assertThat(earlyDelete.status()).isEqualTo(409);
        assertThat(earlyDelete.contentType()).startsWith("application/problem+json");
        assertThat(earlyDelete.json().path("detail").asText()).contains("reset it first");

        ApiClient.Response reset = admin.post("/api/repositories/" + id + "/reset", Map.of());
        assertThat(reset.status()).as(reset.body()).isEqualTo(202);
        assertThat(reset.json().path("repository").path("state").asText()).as("nothing happens before the confirmation")
                .isEqualTo("ENABLED");
        Task confirm = taskService.createTaskQuery().processInstanceId(reset.json().path("processInstanceId").asText()).singleResult();
        assertThat(confirm.getTaskDefinitionKey()).isEqualTo("UserTask_ConfirmReset");
        taskService.complete(confirm.getId(), Map.of("resetConfirmed", true));
        JsonNode afterReset = admin.get("/api/repositories/" + id).json();
        assertThat(afterReset.path("state").asText()).isEqualTo("RESET");
        assertThat(afterReset.has("dataSource")).isFalse();

        ApiClient.Response enabled = admin.post("/api/repositories/" + id + "/enable", Map.of("dataSource", "UPLOADED_CA"));
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().path("state").asText()).isEqualTo("ENABLED");
        assertThat(enabled.json().path("dataSource").asText()).isEqualTo("UPLOADED_CA");

        ApiClient.Response confirmedReset = admin.post("/api/repositories/" + id + "/reset", Map.of("confirmed", true));
        assertThat(confirmedReset.json().path("repository").path("state").asText()).isEqualTo("RESET");
        assertThat(admin.delete("/api/repositories/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/repositories/" + id).status()).isEqualTo(404);
    }

    @Test
    void aDeleteThatFindsTheRepositoryEnabledAgainIsRefusedWithTheReasonAndKeepsItsCertificates() throws Exception {
        openssl = new OpenSsl(dir);
        openssl.makeRootAndLeaf("kept-" + suffix + ".example.test");
        String id = createRepository("kept-" + suffix, "UPLOADED", null);
        String certificateId = upload(id, Files.readAllBytes(dir.resolve("bundle.pem"))).path("id").asText();

        // As when the repository was enabled again between the delete request (which checked) and the delete task.
        String processInstanceId = workflow.startDelete(UUID.fromString(id), "default", "kept-" + suffix);

        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName("failureReason").singleResult().getValue())
                .asString().contains("'kept-" + suffix + "' is ENABLED: reset it first");
        JsonNode repository = admin.get("/api/repositories/" + id).json();
        assertThat(repository.path("state").asText()).isEqualTo("ENABLED");
        assertThat(repository.path("certificates").findValuesAsText("id")).as("its certificate list").containsExactly(certificateId);
    }

    @Test
    void aPrivateRepositoryIssuesFromItsOwnIntermediateWhichNoOtherRepositoryMayBind() throws Exception {
        String id = createRepository("internal-" + suffix, "PRIVATE", null);
        JsonNode repository = admin.get("/api/repositories/" + id).json();
        String caIssuer = repository.path("certificateAuthority").asText();
        assertThat(caIssuer).isNotBlank();

        ApiClient.Response issued = admin.post("/api/repositories/" + id + "/certificates", Map.of("subject", "CN=app.internal.test",
                "sans", List.of("app.internal.test"), "keyType", "EC_P256", "validity", "P30D"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        List<X509Certificate> chain = Pem.readCertificates(admin.get("/api/certificates/" + issued.json().path("id").asText() + "/chain").body());
        assertThat(chain.get(0).getSubjectAlternativeNames().iterator().next().get(1)).isEqualTo("app.internal.test");
        assertThat(chain.get(0).getIssuerX500Principal()).isEqualTo(chain.get(1).getSubjectX500Principal());
        assertThat(admin.get("/api/repositories/" + id).json().path("certificates").toString()).contains(issued.json().path("id").asText());

        ApiClient.Response second = admin.post("/api/repositories", Map.of("name", "second-" + suffix, "dataSource", "PRIVATE",
                "certificateAuthority", caIssuer));
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.json().path("detail").asText()).contains("already bound");

        ApiClient.Response notHere = admin.post("/api/repositories/" + createRepository("uploads-" + suffix, "UPLOADED", null)
                + "/certificates", Map.of("subject", "CN=x", "sans", List.of("x.internal.test")));
        assertThat(notHere.status()).isEqualTo(409);
    }

    @Test
    void aCompliantRepositoryIssuesSigningCertificatesWhoseSignaturesOpensslVerifies() throws Exception {
        openssl = new OpenSsl(dir);
        String id = createRepository("contracts-" + suffix, "COMPLIANT", null);
        ApiClient.Response issued = admin.post("/api/repositories/" + id + "/certificates", Map.of(
                "subject", "CN=Jane Doe,O=Example", "sans", List.of("jane@example.test"), "keyType", "RSA_2048"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String certificateId = issued.json().path("id").asText();
        List<X509Certificate> chain = Pem.readCertificates(admin.get("/api/certificates/" + certificateId + "/chain").body());
        assertThat(chain.get(0).getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36");
        Files.writeString(dir.resolve("intermediate.pem"), Pem.write(chain.get(1)));

        byte[] content = "I agree.".getBytes();
        Files.write(dir.resolve("signed.der"), base64(call(id, "sign", Map.of("certificateId", certificateId, "content", b64(content))),
                "signature"));
        // The intermediate as trust anchor: openssl accepts a non-self-signed anchor with -partial_chain.
        openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "signed.der", "-CAfile", "intermediate.pem",
                "-partial_chain", "-purpose", "any", "-out", "signed.out");
        assertThat(Files.readAllBytes(dir.resolve("signed.out"))).isEqualTo(content);
    }

    @Test
    void uploadsThatDoNotFitTheRepositoryAreRefusedAndStoreNothing() throws Exception {
        openssl = new OpenSsl(dir);
        openssl.makeRootAndLeaf("fit-" + suffix + ".example.test");
        String caRepository = createRepository("cas-" + suffix, "UPLOADED_CA", null);
        String privateRepository = createRepository("private-" + suffix, "PRIVATE", null);

        ApiClient.Response endEntity = admin.upload("/api/certificates/upload", Map.of("repository", caRepository), "bundle.pem",
                Files.readAllBytes(dir.resolve("bundle.pem")));
        assertThat(endEntity.status()).as(endEntity.body()).isEqualTo(400);
        assertThat(endEntity.json().path("detail").asText()).contains("end-entity certificate");

        ApiClient.Response caInPrivate = admin.upload("/api/certificates/upload", Map.of("repository", privateRepository),
                "root.pem", (Files.readString(dir.resolve("root.pem")) + Files.readString(dir.resolve("root.key"))).getBytes());
        assertThat(caInPrivate.status()).as(caInPrivate.body()).isEqualTo(400);
        assertThat(caInPrivate.json().path("detail").asText()).contains("is a CA certificate");

        ApiClient.Response root = admin.upload("/api/certificates/upload", Map.of("repository", caRepository), "root.pem",
                Files.readAllBytes(dir.resolve("root.pem")));
        assertThat(root.status()).as(root.body()).isEqualTo(201);
        assertThat(admin.get("/api/repositories/" + caRepository).json().path("certificates")).hasSize(1);
        assertThat(admin.get("/api/repositories/" + privateRepository).json().path("certificates")).isEmpty();
    }

    @Test
    void anotherTenantsRepositoriesAreInvisibleOnEveryEndpoint() {
        String id = createRepository("secret-" + suffix, "UPLOADED", null);

        assertThat(otherTenantUser.get("/api/repositories").json()).isEmpty();
        assertThat(otherTenantUser.get("/api/repositories/" + id).status()).isEqualTo(404);
        assertThat(otherTenantUser.patch("/api/repositories/" + id, Map.of("name", "mine")).status()).isEqualTo(404);
        assertThat(otherTenantUser.post("/api/repositories/" + id + "/reset", Map.of("confirmed", true)).status()).isEqualTo(404);
        assertThat(otherTenantUser.post("/api/repositories/" + id + "/sign", Map.of("certificateId", UUID.randomUUID(),
                "content", "AA==")).status()).isEqualTo(404);
        assertThat(otherTenantUser.post("/api/repositories/" + id + "/decrypt", Map.of("envelopedData", "AA==")).status()).isEqualTo(404);
        assertThat(otherTenantUser.delete("/api/repositories/" + id).status()).isEqualTo(404);
        assertThat(otherTenantUser.upload("/api/certificates/upload", Map.of("repository", id), "x.pem", "x".getBytes()).status())
                .isEqualTo(404);
        assertThat(admin.get("/api/repositories/" + id).json().path("state").asText()).isEqualTo("ENABLED");
        ApiClient.Response all = admin.get("/api/repositories");
        assertThat(all.status()).as("the administrator lists every tenant's repositories: " + all.body()).isEqualTo(200);
        assertThat(all.json().findValuesAsText("id")).contains(id);

        ApiClient.Response mine = admin.post("/api/certificates", Map.of("domains", List.of("tenant-" + suffix + ".internal.test"),
                "issuer", "local-ca"));
        String certificateId = mine.json().path("id").asText();
        assertThat(otherTenantUser.put("/api/certificates/" + certificateId + "/auto-management", Map.of("enabled", false)).status())
                .isEqualTo(404);
        assertThat(otherTenantUser.post("/api/certificates/" + certificateId + "/replace", Map.of("issuer", "local-ca")).status())
                .isEqualTo(404);
    }

    private String createRepository(String name, String dataSource, String certificateAuthority) {
        Map<String, Object> body = certificateAuthority == null ? Map.of("name", name, "dataSource", dataSource)
                : Map.of("name", name, "dataSource", dataSource, "certificateAuthority", certificateAuthority);
        ApiClient.Response created = admin.post("/api/repositories", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private JsonNode upload(String repositoryId, byte[] bundle) {
        ApiClient.Response uploaded = admin.upload("/api/certificates/upload", Map.of("repository", repositoryId), "bundle.pem", bundle);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        return uploaded.json();
    }

    private JsonNode call(String repositoryId, String operation, Map<String, Object> body) {
        ApiClient.Response response = admin.post("/api/repositories/" + repositoryId + "/" + operation, body);
        assertThat(response.status()).as(operation + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    private static byte[] base64(JsonNode node, String field) {
        return Base64.getDecoder().decode(node.path(field).asText());
    }
}
