package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.TenantUsers;

/**
 * The engine REST API answers a user of tenant B about tenant A's process instances and tasks
 * exactly as about ids that do not exist, for every verb; tenant A's own members see their instances.
 */
class EngineRestTenantIT extends CertflowIT {

    @Autowired
    IdentityService identityService;
    @Autowired
    TaskService taskService;
    @Autowired
    RuntimeService runtimeService;

    ApiClient administratorOfA;
    ApiClient memberOfA;
    ApiClient memberOfB;
    String instanceOfA;
    String taskOfA;

    @BeforeAll
    void aRequestOfTenantAWaitingForApproval() {
        administratorOfA = TenantUsers.administratorOf(identityService, baseUrl(), "resta", "rana", "rana-password-1");
        memberOfA = TenantUsers.memberOf(identityService, baseUrl(), "resta", "remo", "remo-password-1");
        memberOfB = TenantUsers.memberOf(identityService, baseUrl(), "restb", "bodo", "bodo-password-1");
        ApiClient.Response issuer = administratorOfA.post("/api/issuers",
                Map.of("name", "resta-ca", "type", "PRIVATE_CA", "approvalRequired", true));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        ApiClient.Response requested = memberOfA.post("/api/certificates",
                Map.of("domains", List.of("app.resta.internal.test"), "issuer", "resta-ca"));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        instanceOfA = requested.json().path("processInstanceId").asText();
        taskOfA = taskService.createTaskQuery().processInstanceId(instanceOfA).singleResult().getId();
    }

    /** One call of the engine REST API about an id. */
    record Verb(String name, Function<String, ApiClient.Response> call) {
    }

    private List<Verb> verbs(ApiClient client) {
        Map<String, Object> stringValue = Map.of("value", "changed", "type", "String");
        return List.of(
                new Verb("GET process instance", id -> client.get("/engine-rest/process-instance/" + id)),
                new Verb("GET variables", id -> client.get("/engine-rest/process-instance/" + id + "/variables")),
                new Verb("GET one variable", id -> client.get("/engine-rest/process-instance/" + id + "/variables/domains")),
                new Verb("PUT variable", id -> client.put("/engine-rest/process-instance/" + id + "/variables/domains", stringValue)),
                new Verb("POST variables", id -> client.post("/engine-rest/process-instance/" + id + "/variables",
                        Map.of("modifications", Map.of("domains", stringValue)))),
                new Verb("DELETE variable", id -> client.delete("/engine-rest/process-instance/" + id + "/variables/domains")),
                new Verb("GET activity instances", id -> client.get("/engine-rest/process-instance/" + id + "/activity-instances")),
                new Verb("DELETE process instance", id -> client.delete("/engine-rest/process-instance/" + id)),
                new Verb("GET execution", id -> client.get("/engine-rest/execution/" + id)),
                new Verb("GET task", id -> client.get("/engine-rest/task/" + id)),
                new Verb("GET task variables", id -> client.get("/engine-rest/task/" + id + "/variables")),
                new Verb("GET task form variables", id -> client.get("/engine-rest/task/" + id + "/form-variables")),
                new Verb("POST claim", id -> client.post("/engine-rest/task/" + id + "/claim", Map.of("userId", "bodo"))),
                new Verb("POST assignee", id -> client.post("/engine-rest/task/" + id + "/assignee", Map.of("userId", "bodo"))),
                new Verb("POST complete", id -> client.post("/engine-rest/task/" + id + "/complete",
                        Map.of("variables", Map.of("approved", Map.of("value", true, "type", "Boolean"))))),
                new Verb("POST submit-form", id -> client.post("/engine-rest/task/" + id + "/submit-form",
                        Map.of("variables", Map.of("approved", Map.of("value", true, "type", "Boolean"))))));
    }

    @Test
    void everyVerbOnAnotherTenantsInstanceOrTaskAnswersExactlyAsOnAnIdThatDoesNotExist() {
        for (Verb verb : verbs(memberOfB)) {
            boolean onTask = verb.name().contains("task") || verb.name().startsWith("POST c") || verb.name().startsWith("POST a")
                    || verb.name().startsWith("POST s");
            String theirs = onTask ? taskOfA : instanceOfA;
            String random = UUID.randomUUID().toString();

            ApiClient.Response onTheirs = verb.call().apply(theirs);
            ApiClient.Response onNothing = verb.call().apply(random);

            assertThat(onTheirs.status()).as(verb.name() + " on tenant A's id: " + onTheirs.body()).isEqualTo(404);
            assertThat(onNothing.status()).as(verb.name() + " on a random id: " + onNothing.body()).isEqualTo(404);
            assertThat(onTheirs.body()).as(verb.name() + ": the same answer").isEqualTo(onNothing.body());
            assertThat(onTheirs.contentType()).as(verb.name()).isEqualTo(onNothing.contentType()).startsWith("application/json");
            assertThat(onTheirs.body()).doesNotContain(theirs, "ENGINE-", "tenant A", "resta");
        }

        Task task = taskService.createTaskQuery().taskId(taskOfA).singleResult();
        assertThat(task).as("tenant A's task is still there").isNotNull();
        assertThat(task.getAssignee()).as("nobody of tenant B claimed it").isNull();
        assertThat(runtimeService.getVariable(instanceOfA, "domains")).as("nothing changed").isEqualTo("app.resta.internal.test");
    }

    /** Cockpit and Tasklist call the webapps' own copy of the engine REST API, with the login session. */
    @Test
    void theWebappsEngineApiAnswersAnotherTenantsIdsAsIdsThatDoNotExist() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        // The webapps hand out their CSRF token on a GET, and want it back on the login.
        String csrfToken = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/camunda/api/admin/auth/user/default")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-XSRF-TOKEN").orElseThrow();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/camunda/api/admin/auth/user/default/login/cockpit"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", csrfToken)
                .POST(HttpRequest.BodyPublishers.ofString("username=bodo&password=bodo-password-1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

        for (String path : List.of("/process-instance/%s/variables", "/process-instance/%s", "/task/%s", "/task/%s/form-variables")) {
            String theirs = path.startsWith("/task") ? taskOfA : instanceOfA;
            HttpResponse<String> onTheirs = browser.send(webappGet(path.formatted(theirs)), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> onNothing = browser.send(webappGet(path.formatted(UUID.randomUUID())), HttpResponse.BodyHandlers.ofString());
            assertThat(onTheirs.statusCode()).as(path + ": " + onTheirs.body()).isEqualTo(404);
            assertThat(onTheirs.body()).as(path).isEqualTo(onNothing.body());
            assertThat(onNothing.statusCode()).isEqualTo(404);
        }
    }

    private HttpRequest webappGet(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/camunda/api/engine/engine/default" + path))
                .header("Accept", "application/json").GET().build();
    }

    @Test
    void aPlainMemberSeesTheirTenantsInstanceAndItsVariables() {
        ApiClient.Response instance = memberOfA.get("/engine-rest/process-instance/" + instanceOfA);
        assertThat(instance.status()).as(instance.body()).isEqualTo(200);
        assertThat(instance.json().path("tenantId").asText()).isEqualTo("resta");
        ApiClient.Response variables = memberOfA.get("/engine-rest/process-instance/" + instanceOfA + "/variables");
        assertThat(variables.status()).as(variables.body()).isEqualTo(200);
        assertThat(variables.json().path("domains").path("value").asText()).isEqualTo("app.resta.internal.test");

        ApiClient.Response listed = memberOfA.get("/engine-rest/process-instance?processInstanceIds=" + instanceOfA);
        assertThat(listed.json().findValuesAsText("id")).containsExactly(instanceOfA);
        assertThat(memberOfB.get("/engine-rest/process-instance?processInstanceIds=" + instanceOfA).json()).isEmpty();
    }

    @Test
    void theTenantsAdministratorApprovesTheRequestOverTheEngineRestApi() {
        ApiClient.Response tasks = administratorOfA.get("/engine-rest/task?processInstanceId=" + instanceOfA);
        assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
        assertThat(tasks.json().findValuesAsText("taskDefinitionKey")).containsExactly("UserTask_ApproveRequest");
        assertThat(memberOfA.get("/engine-rest/task?processInstanceId=" + instanceOfA).json())
                .as("a plain member is no approver").isEmpty();
        ApiClient.Response form = administratorOfA.get("/engine-rest/task/" + taskOfA + "/deployed-form");
        assertThat(form.status()).as("Tasklist can show the approval form: " + form.body()).isEqualTo(200);
    }
}
