package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.TenantUsers;
import io.certflow.workflow.identity.RoleBootstrap;
import io.certflow.workflow.identity.TasklistFilters;

/** On a fresh start Tasklist has filters, so a tenant administrator sees the approval task there. */
class TasklistFiltersIT extends CertflowIT {

    static final List<String> FILTERS = List.of("My open tasks", "Certificate approvals", "Repository resets", "Terms of service");

    @Autowired
    IdentityService identityService;
    @Autowired
    FilterService filterService;
    @Autowired
    AuthorizationService authorizationService;
    @Autowired
    TasklistFilters tasklistFilters;
    @Autowired
    RoleBootstrap roleBootstrap;

    ApiClient administrator;
    ApiClient otherAdministrator;
    ApiClient member;

    @BeforeAll
    void aRequestWaitingForApproval() {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), "filterco", "fina", "fina-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), "filterco", "finn", "finn-password-1");
        otherAdministrator = TenantUsers.administratorOf(identityService, baseUrl(), "otherco", "olga", "olga-password-1");
        ApiClient.Response issuer = administrator.post("/api/issuers", Map.of("name", "filterco-ca", "type", "PRIVATE_CA",
                "approvalRequired", true));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        ApiClient.Response requested = member.post("/api/certificates", Map.of("domains", List.of("app.filterco.internal.test"),
                "issuer", "filterco-ca"));
        assertThat(requested.json().path("status").asText()).as(requested.body()).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void aTenantAdministratorFindsTheFiltersAndTheApprovalTaskInThem() {
        ApiClient.Response filters = administrator.get("/engine-rest/filter?resourceType=Task");
        assertThat(filters.status()).as(filters.body()).isEqualTo(200);
        assertThat(filters.json().findValuesAsText("name")).containsAll(FILTERS);

        assertThat(count(administrator, "Certificate approvals")).as("the approval task of their tenant").isEqualTo(1);
        assertThat(count(administrator, "My open tasks")).as("offered to their group").isEqualTo(1);
        assertThat(count(administrator, "Repository resets")).isZero();
        assertThat(count(otherAdministrator, "Certificate approvals")).as("another tenant's administrator").isZero();

        JsonNode tasks = administrator.get("/engine-rest/filter/" + filterId(administrator, "Certificate approvals") + "/list").json();
        assertThat(tasks.findValuesAsText("taskDefinitionKey")).containsExactly("UserTask_ApproveRequest");
    }

    @Test
    void aPlainMemberIsShownNoFilter() {
        ApiClient.Response filters = member.get("/engine-rest/filter");
        assertThat(filters.status()).as(filters.body()).isEqualTo(200);
        assertThat(filters.json()).isEmpty();
    }

    @Test
    void anotherStartMakesNoSecondFilterOrGrant() {
        long authorizations = authorizationService.createAuthorizationQuery().count();

        roleBootstrap.bootstrap();
        tasklistFilters.bootstrap();

        for (String name : FILTERS) {
            assertThat(filterService.createTaskFilterQuery().filterName(name).count()).as(name).isEqualTo(1);
        }
        assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(authorizations);
    }

    private long count(ApiClient client, String filter) {
        ApiClient.Response count = client.get("/engine-rest/filter/" + filterId(client, filter) + "/count");
        assertThat(count.status()).as(count.body()).isEqualTo(200);
        return count.json().path("count").asLong();
    }

    private static String filterId(ApiClient client, String name) {
        for (JsonNode filter : client.get("/engine-rest/filter").json()) {
            if (filter.path("name").asText().equals(name)) {
                return filter.path("id").asText();
            }
        }
        throw new AssertionError("no filter '" + name + "' for this user");
    }
}
