package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;

/** The steps that wait for a person: approval in Tasklist (driven over the engine REST API) and terms of service. */
class HumanStepsIT extends CertflowIT {

    @Test
    void aRequestFromAnApprovalTemplateWaitsForAnApproverAndIsIssuedOnceApproved() {
        ApiClient admin = admin();
        ApiClient.Response template = approvalTemplate(admin);
        assertThat(template.status()).as(template.body()).isIn(201, 409);
        ApiClient.Response templates = admin.get("/api/templates");
        assertThat(templates.status()).as(templates.body()).isEqualTo(200);
        assertThat(templates.json().findValuesAsText("name")).contains("needs-approval");

        ApiClient.Response accepted = admin.post("/api/certificates",
                Map.of("domains", List.of("approved.internal.test"), "template", "needs-approval"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().path("status").asText()).isEqualTo("AWAITING_APPROVAL");
        String processInstanceId = accepted.json().path("processInstanceId").asText();

        ApiClient.Response taskResponse = admin.get("/engine-rest/task?processInstanceId=" + processInstanceId);
        assertThat(taskResponse.status()).as(taskResponse.body()).isEqualTo(200);
        JsonNode tasks = taskResponse.json();
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("taskDefinitionKey").asText()).isEqualTo("UserTask_ApproveRequest");
        ApiClient.Response completed = admin.post("/engine-rest/task/" + tasks.get(0).path("id").asText() + "/complete",
                "{\"variables\":{\"approved\":{\"value\":true,\"type\":\"Boolean\"}}}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(204);

        JsonNode certificate = admin.awaitFinal(accepted.json().path("id").asText(), Duration.ofSeconds(60));
        assertThat(certificate.path("status").asText()).isEqualTo("ISSUED");
        Duration validity = Duration.between(java.time.Instant.parse(certificate.path("notBefore").asText()),
                java.time.Instant.parse(certificate.path("notAfter").asText()));
        assertThat(validity).isBetween(Duration.ofDays(30), Duration.ofDays(30).plusMinutes(10));
    }

    @Test
    void aRejectedRequestEndsFailedWithTheApproversReason() {
        ApiClient admin = admin();
        approvalTemplate(admin);
        ApiClient.Response accepted = admin.post("/api/certificates",
                Map.of("domains", List.of("rejected.internal.test"), "template", "needs-approval"));
        String taskId = admin.get("/engine-rest/task?processInstanceId=" + accepted.json().path("processInstanceId").asText())
                .json().get(0).path("id").asText();

        admin.post("/engine-rest/task/" + taskId + "/complete", """
                {"variables":{"approved":{"value":false,"type":"Boolean"},
                "rejectionReason":{"value":"not our domain","type":"String"}}}""");

        JsonNode certificate = admin.awaitFinal(accepted.json().path("id").asText(), Duration.ofSeconds(30));
        assertThat(certificate.path("status").asText()).isEqualTo("FAILED");
        assertThat(certificate.path("failureReason").asText()).isEqualTo("Rejected by admin: not our domain");
    }

    @Test
    void noOrderIsPlacedUntilTheTermsAreAcceptedAndAcceptingThemReleasesTheRequest() {
        ApiClient admin = admin();
        var pebble = RealServers.pebble();
        ApiClient.Response issuer = admin.post("/api/issuers", Map.of("name", "pebble-terms", "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", false, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        assertThat(issuer.json().path("termsAccepted").asBoolean()).isFalse();
        String termsUrl = issuer.json().path("termsRequiredUrl").asText();
        assertThat(termsUrl).startsWith("data:");

        ApiClient.Response accepted = admin.post("/api/certificates",
                Map.of("domains", List.of("terms-" + System.nanoTime() + ".test"), "issuer", "pebble-terms"));
        String id = accepted.json().path("id").asText();
        admin.awaitStatus(id, Duration.ofSeconds(30), "AWAITING_TERMS");
        assertThat(admin.get("/engine-rest/task?processInstanceId=" + accepted.json().path("processInstanceId").asText()).json()
                .get(0).path("taskDefinitionKey").asText()).isEqualTo("UserTask_AcceptTerms");
        assertThat(admin.get("/api/issuers/" + issuer.json().path("id").asText()).json().path("accountUrl").isMissingNode())
                .as("no ACME account is created before the terms are accepted").isTrue();

        ApiClient.Response agreed = admin.post("/api/issuers/" + issuer.json().path("id").asText() + "/terms",
                Map.of("accepted", true));
        assertThat(agreed.status()).as(agreed.body()).isEqualTo(200);
        assertThat(agreed.json().path("termsAgreedUrl").asText()).isEqualTo(termsUrl);
        assertThat(agreed.json().path("termsAgreedBy").asText()).isEqualTo("admin");

        assertThat(admin.awaitFinal(id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ISSUED");
    }

    /**
     * A template that requires approval, on an issuer of its own: a direct request to an issuer with
     * such a template needs approval too, and local-ca must keep issuing at once for the other tests.
     */
    private static ApiClient.Response approvalTemplate(ApiClient admin) {
        ApiClient.Response issuer = admin.post("/api/issuers", Map.of("name", "approval-ca", "type", "PRIVATE_CA"));
        assertThat(issuer.status()).as(issuer.body()).isIn(201, 409);
        return admin.post("/api/templates", Map.of("name", "needs-approval", "issuer", "approval-ca",
                "validityDays", 30, "approvalRequired", true));
    }
}
