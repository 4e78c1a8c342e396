package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.TenantUsers;

/**
 * The console's Repositories pages in a real browser: create with a data source, rename, the reset dialog
 * (Cancel, then Confirm only with the checkbox ticked), the confirmation page without script, delete after
 * a reset, a member's read-only view, and another tenant's repository by its URL. Each outcome is checked
 * over the API as well.
 */
class ConsoleRepositoriesIT extends ConsoleBrowserIT {

    private static final String TENANT = "consolereposco";
    private static final String OTHER_TENANT = "consolereposother";
    private static final String ADA = "consolereposada";
    private static final String MEL = "consolereposmel";
    private static final String OLI = "consolereposoli";
    private static final String PASSWORD = "console-repos-password-1";

    ConsoleRepositoriesIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    HistoryService historyService;

    private ApiClient ada;
    private ApiClient oli;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void tenantsWithAnAdministratorAndAMember() {
        ada = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, ADA, PASSWORD);
        TenantUsers.memberOf(identityService, baseUrl(), TENANT, MEL, PASSWORD);
        oli = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, OLI, PASSWORD);
    }

    @Test
    void anAdministratorCreatesARepositoryWithADataSourceAndRenamesIt() {
        Browser browser = browser(ADA);
        browser.open("/repositories");
        browser.find("#name").sendKeys("contracts-" + suffix);
        new Select(browser.find("#dataSource")).selectByValue("UPLOADED");
        browser.clickAndWait("#create-repository");

        assertThat(browser.find("#done").getText()).isEqualTo("The repository is created.");
        String id = browser.path().replaceAll("^/repositories/([^?]+).*$", "$1");
        JsonNode created = ada.get("/api/repositories/" + id).json();
        assertThat(created.path("name").asText()).isEqualTo("contracts-" + suffix);
        assertThat(created.path("dataSource").asText()).isEqualTo("UPLOADED");
        assertThat(created.path("state").asText()).isEqualTo("ENABLED");
        assertThat(browser.find("#repository-data-source").getText()).isEqualTo("UPLOADED");

        browser.find("#rename-name").clear();
        browser.find("#rename-name").sendKeys("signed-contracts-" + suffix);
        browser.clickAndWait("#rename");
        assertThat(browser.find("#done").getText()).isEqualTo("The repository is renamed.");
        assertThat(ada.get("/api/repositories/" + id).json().path("name").asText()).isEqualTo("signed-contracts-" + suffix);

        browser.open("/repositories");
        assertThat(browser.find("#repositories").getText()).contains("signed-contracts-" + suffix, "ENABLED", "UPLOADED");
    }

    @Test
    void aRepositoryWithABadNameOrNoDataSourceShowsEachProblemAtItsFieldAndIsNotCreated() {
        int before = ada.get("/api/repositories").json().size();
        Browser browser = browser(ADA);
        browser.open("/repositories");
        browser.find("#name").sendKeys(" leading-space-" + suffix);
        browser.clickAndWait("#create-repository");

        assertThat(browser.find("#problems-name").getText()).startsWith("name:").contains("starting with a letter or digit");
        assertThat(browser.find("#problems-dataSource").getText()).startsWith("dataSource:").contains("is required");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo(" leading-space-" + suffix);
        assertThat(ada.get("/api/repositories").json().size()).isEqualTo(before);
    }

    @Test
    void theResetDialogCancelsWithNothingChangedConfirmsOnlyOnceTickedAndThenOffersDeleteWhichWorks() {
        String id = createRepository("reset-me-" + suffix);
        long resetsBefore = resetProcesses();
        Browser browser = browser(ADA);
        browser.open("/repositories/" + id);
        assertThat(browser.findAll("#delete")).as("delete is offered only after a reset").isEmpty();

        browser.find("#reset").click();
        assertThat(browser.find("#reset-dialog").getAttribute("open")).as("the dialog is open").isNotNull();
        assertThat(browser.find("#reset-dialog").getText()).contains("I understand the risks of the reset operation");
        browser.find("#reset-cancel").click();
        assertThat(browser.find("#reset-dialog").getAttribute("open")).as("Cancel closes the dialog").isNull();
        assertThat(browser.path()).isEqualTo("/repositories/" + id);
        assertThat(ada.get("/api/repositories/" + id).json().path("state").asText()).isEqualTo("ENABLED");
        assertThat(resetProcesses()).as("Cancel starts no reset").isEqualTo(resetsBefore);

        browser.find("#reset").click();
        assertThat(browser.find("#reset-confirmed").isSelected()).isFalse();
        assertThat(browser.find("#reset-confirm").isEnabled()).as("Confirm waits for the checkbox").isFalse();
        browser.find("#reset-confirmed").click();
        assertThat(browser.find("#reset-confirm").isEnabled()).isTrue();
        browser.clickAndWait("#reset-confirm");

        JsonNode reset = ada.get("/api/repositories/" + id).json();
        assertThat(reset.path("state").asText()).isEqualTo("RESET");
        assertThat(reset.has("dataSource")).isFalse();
        assertThat(browser.find("#repository-state").getText()).isEqualTo("RESET");
        assertThat(browser.findAll("#reset")).isEmpty();
        assertThat(browser.findAll("#enable")).hasSize(1);

        browser.clickAndWait("#delete");
        assertThat(browser.path()).startsWith("/repositories?done=deleted");
        assertThat(ada.get("/api/repositories/" + id).status()).isEqualTo(404);
        assertThat(browser.find("#repositories").getText()).doesNotContain("reset-me-" + suffix);
    }

    @Test
    void withoutScriptTheResetLeadsToAConfirmationPageThatRefusesAnUntickedPostAndChangesNothing() {
        String id = createRepository("no-script-" + suffix);
        long resetsBefore = resetProcesses();
        Browser browser = browser(ADA);
        browser.open("/repositories/" + id);
        assertThat(browser.find("#reset").getAttribute("href")).endsWith("/repositories/" + id + "/reset");

        browser.open("/repositories/" + id + "/reset");
        browser.clickAndWait("#reset-confirm");
        assertThat(browser.find("#problems-confirmed").getText()).startsWith("confirmed:")
                .contains("I understand the risks of the reset operation");
        assertThat(ada.get("/api/repositories/" + id).json().path("state").asText()).isEqualTo("ENABLED");
        assertThat(resetProcesses()).isEqualTo(resetsBefore);

        browser.find("#reset-confirmed").click();
        browser.clickAndWait("#reset-confirm");
        assertThat(ada.get("/api/repositories/" + id).json().path("state").asText()).isEqualTo("RESET");

        new Select(browser.find("#dataSource")).selectByValue("UPLOADED_CA");
        browser.clickAndWait("#enable");
        JsonNode enabled = ada.get("/api/repositories/" + id).json();
        assertThat(enabled.path("state").asText()).isEqualTo("ENABLED");
        assertThat(enabled.path("dataSource").asText()).isEqualTo("UPLOADED_CA");
    }

    @Test
    void aMemberSeesTheRepositoryWithoutChangeButtonsAndAForgedResetOrDeleteIsThe403PageAndChangesNothing() throws Exception {
        String id = createRepository("members-view-" + suffix);
        Browser browser = browser(MEL);
        browser.open("/repositories");
        assertThat(browser.find("#repositories").getText()).contains("members-view-" + suffix);
        assertThat(browser.findAll("#create-repository")).isEmpty();
        browser.open("/repositories/" + id);
        assertThat(browser.find("#read-only").getText()).contains("Only an administrator");
        for (String button : new String[] {"#rename", "#reset", "#enable", "#delete"}) {
            assertThat(browser.findAll(button)).as(button).isEmpty();
        }

        String token = browser.find("form.logout input[name='_csrf']").getAttribute("value");
        HttpResponse<String> reset = browser.send("POST", "/repositories/" + id + "/reset", "confirmed=on&_csrf=" + token);
        assertThat(reset.statusCode()).isEqualTo(403);
        assertThat(reset.body()).contains("administrator");
        assertThat(browser.send("POST", "/repositories/" + id + "/rename", "name=taken-over&_csrf=" + token).statusCode()).isEqualTo(403);
        JsonNode after = ada.get("/api/repositories/" + id).json();
        assertThat(after.path("state").asText()).isEqualTo("ENABLED");
        assertThat(after.path("name").asText()).isEqualTo("members-view-" + suffix);
    }

    @Test
    void anotherTenantsRepositoryByItsUrlIsTheNotFoundPage() {
        String theirs = oli.post("/api/repositories", Map.of("name", "theirs-" + suffix, "dataSource", "UPLOADED"))
                .json().path("id").asText();
        Browser browser = browser(ADA);
        for (String path : new String[] {"/repositories/" + theirs, "/repositories/" + theirs + "/reset"}) {
            browser.open(path);
            assertThat(browser.find("#error-title").getText()).as(path).startsWith("404");
        }
        browser.open("/repositories");
        assertThat(browser.find("#repositories").getText()).doesNotContain("theirs-" + suffix);
        assertThat(oli.get("/api/repositories/" + theirs).json().path("state").asText()).isEqualTo("ENABLED");
    }

    private String createRepository(String name) {
        ApiClient.Response created = ada.post("/api/repositories", Map.of("tenant", TENANT, "name", name, "dataSource", "UPLOADED"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** Reset processes ever started, running or ended (the history keeps both). */
    private long resetProcesses() {
        return historyService.createHistoricProcessInstanceQuery().processDefinitionKey("RepositoryResetProcess").count();
    }

}
