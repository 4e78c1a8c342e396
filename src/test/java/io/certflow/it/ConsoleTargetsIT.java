package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * The console's Deployment targets pages in a real browser: a refused form shows each problem at its
 * field and stores nothing, a good one is listed, an edit is saved, secrets never come back in a page,
 * a member cannot change a target, and another tenant's target by its URL is not found. Each outcome is
 * checked over the API (and the stored secret in the database).
 */
class ConsoleTargetsIT extends ConsoleBrowserIT {

    private static final String TENANT = "consolerepostgt";
    private static final String OTHER_TENANT = "consolerepostgtother";
    private static final String ADA = "consolerepostgtada";
    private static final String MEL = "consolerepostgtmel";
    private static final String OLI = "consolerepostgtoli";
    private static final String PASSWORD = "console-targets-password-1";
    private static final String KEYSTORE_SECRET = "ks-Secret-" + UUID.randomUUID();
    private static final String SSH_SECRET = "ssh-Secret-" + UUID.randomUUID();

    ConsoleTargetsIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;

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
    void aTargetWithBadFieldsShowsEachProblemAtItsFieldStoresNothingAndNeverShowsTheSecretTyped() {
        int before = targetCount();
        Browser browser = browser(ADA);
        browser.open("/deployment-targets/new");
        browser.find("#name").sendKeys("bad-" + suffix);
        new Select(browser.find("#kind")).selectByValue("PEM_FILES");
        browser.find("#fullChainPath").sendKeys("relative/fullchain.pem");
        browser.find("#keyMode").sendKeys("0644");
        browser.find("#verifyHost").sendKeys("localhost");
        browser.find("#verifyPort").sendKeys("https");
        browser.clickAndWait("#save-target");

        assertThat(browser.find("#problems-fullChainPath").getText()).startsWith("files.fullChainPath:");
        assertThat(browser.find("#problems-keyMode").getText()).startsWith("files.keyMode:").contains("last digit must be 0");
        assertThat(browser.find("#problems-verifyPort").getText()).startsWith("verify.port:").contains("1 to 65535");
        assertThat(browser.find("#fullChainPath").getAttribute("value")).as("kept as typed").isEqualTo("relative/fullchain.pem");
        assertThat(targetCount()).isEqualTo(before);

        browser.find("#fullChainPath").clear();
        browser.find("#keyMode").clear();
        new Select(browser.find("#kind")).selectByValue("KEYSTORE");
        assertThat(browser.find("#fullChainPath").isDisplayed()).as("only the kind's own fields are shown").isFalse();
        browser.find("#verifyHost").clear();
        browser.find("#verifyPort").clear();
        browser.find("#keystorePath").sendKeys("/etc/outside-the-roots.p12");
        browser.find("#keystorePassword").sendKeys(KEYSTORE_SECRET);
        browser.clickAndWait("#save-target");

        assertThat(browser.find("#problems-keystorePath").getText()).startsWith("keystore.path:");
        assertThat(browser.find("#keystorePassword").getAttribute("value")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(KEYSTORE_SECRET);
        assertThat(targetCount()).isEqualTo(before);
    }

    @Test
    void aGoodKeystoreTargetIsListedAndAnEditThatLeavesThePasswordBlankIsSavedAndKeepsIt() {
        String name = "keystore-" + suffix;
        Browser browser = browser(ADA);
        browser.open("/deployment-targets");
        browser.clickAndWait("#new-target");
        browser.find("#name").sendKeys(name);
        new Select(browser.find("#kind")).selectByValue("KEYSTORE");
        browser.find("#keystorePath").sendKeys(RealServers.deploymentRoot().resolve("console-" + suffix + ".p12").toString());
        browser.find("#keystorePassword").sendKeys(KEYSTORE_SECRET);
        new Select(browser.find("#reloadCommand")).selectByValue("test-reload");
        browser.clickAndWait("#save-target");

        assertThat(browser.find("#done").getText()).isEqualTo("The deployment target is created.");
        assertThat(browser.find("#keystore-password-set").getText()).contains("Leave it blank to keep it");
        assertThat(browser.driver().getPageSource()).doesNotContain(KEYSTORE_SECRET);
        String id = browser.path().replaceAll("^/deployment-targets/([^?]+).*$", "$1");
        JsonNode created = ada.get("/api/deployment-targets/" + id).json();
        assertThat(created.path("kind").asText()).isEqualTo("KEYSTORE");
        assertThat(created.path("keystore").path("passwordSet").asBoolean()).isTrue();
        assertThat(created.path("reloadCommand").asText()).isEqualTo("test-reload");
        String sealedBefore = sealedKeystorePassword(id);

        browser.open("/deployment-targets");
        assertThat(browser.find("#targets").getText()).contains(name, "KEYSTORE", "test-reload");
        assertThat(browser.driver().getPageSource()).doesNotContain(KEYSTORE_SECRET).doesNotContain(sealedBefore);

        browser.open("/deployment-targets/" + id);
        assertThat(browser.find("#keystorePassword").getAttribute("value")).isEmpty();
        browser.find("#keystoreAlias").clear();
        browser.find("#keystoreAlias").sendKeys("tomcat");
        browser.find("#verifyHost").sendKeys("127.0.0.1");
        browser.find("#verifyPort").sendKeys("8443");
        browser.clickAndWait("#save-target");

        assertThat(browser.find("#done").getText()).isEqualTo("The deployment target is saved.");
        JsonNode saved = ada.get("/api/deployment-targets/" + id).json();
        assertThat(saved.path("keystore").path("alias").asText()).isEqualTo("tomcat");
        assertThat(saved.path("verify").path("port").asInt()).isEqualTo(8443);
        assertThat(saved.path("keystore").path("passwordSet").asBoolean()).isTrue();
        assertThat(sealedKeystorePassword(id)).as("the blank password kept the stored one").isEqualTo(sealedBefore);
    }

    @Test
    void anSshTargetTakesItsPasswordOnceAndNeverShowsIt() {
        Browser browser = browser(ADA);
        browser.open("/deployment-targets/new");
        browser.find("#name").sendKeys("remote-" + suffix);
        new Select(browser.find("#kind")).selectByValue("SSH");
        browser.find("#sshHost").sendKeys("127.0.0.1");
        browser.find("#sshUser").sendKeys("deploy");
        browser.find("#sshHostKeyFingerprint").sendKeys("SHA256:" + "A".repeat(43));
        browser.find("#sshPassword").sendKeys(SSH_SECRET);
        browser.find("#fullChainPath").sendKeys("/srv/tls/fullchain.pem");
        browser.find("#keyPath").sendKeys("/srv/tls/key.pem");
        browser.clickAndWait("#save-target");

        assertThat(browser.find("#done").getText()).as(browser.pageText()).isEqualTo("The deployment target is created.");
        assertThat(browser.find("#ssh-secret-set").getText()).contains("password is stored");
        assertThat(browser.driver().getPageSource()).doesNotContain(SSH_SECRET);
        String id = browser.path().replaceAll("^/deployment-targets/([^?]+).*$", "$1");
        JsonNode created = ada.get("/api/deployment-targets/" + id).json();
        assertThat(created.path("ssh").path("passwordSet").asBoolean()).isTrue();
        assertThat(created.path("ssh").path("port").asInt()).isEqualTo(22);
        assertThat(created.path("files").path("keyPath").asText()).isEqualTo("/srv/tls/key.pem");
    }

    @Test
    void aMemberSeesTheTargetReadOnlyAndAForgedEditOrRemovalIsThe403PageAndChangesNothing() throws Exception {
        String id = createTarget(ada, "members-view-" + suffix);
        JsonNode before = ada.get("/api/deployment-targets/" + id).json();
        Browser browser = browser(MEL);
        browser.open("/deployment-targets");
        assertThat(browser.find("#targets").getText()).contains("members-view-" + suffix);
        assertThat(browser.findAll("#new-target")).isEmpty();
        browser.open("/deployment-targets/" + id);
        assertThat(browser.find("#read-only").getText()).contains("Only an administrator");
        assertThat(browser.findAll("#save-target")).isEmpty();
        assertThat(browser.findAll("#delete")).isEmpty();
        assertThat(browser.find("#name").isEnabled()).isFalse();

        String token = URLEncoder.encode(browser.find("form.logout input[name='_csrf']").getAttribute("value"), StandardCharsets.UTF_8);
        HttpResponse<String> edit = browser.send("POST", "/deployment-targets/" + id,
                "name=taken-over&kind=PEM_FILES&fullChainPath=" + before.path("files").path("fullChainPath").asText() + "&_csrf=" + token);
        assertThat(edit.statusCode()).isEqualTo(403);
        assertThat(edit.body()).contains("administrator");
        assertThat(browser.send("POST", "/deployment-targets/" + id + "/delete", "force=on&_csrf=" + token).statusCode()).isEqualTo(403);
        assertThat(ada.get("/api/deployment-targets/" + id).json()).isEqualTo(before);
    }

    @Test
    void anotherTenantsTargetByItsUrlIsTheNotFoundPage() {
        String theirs = createTarget(oli, "theirs-" + suffix);
        Browser browser = browser(ADA);
        browser.open("/deployment-targets/" + theirs);
        assertThat(browser.find("#error-title").getText()).startsWith("404");
        browser.open("/deployment-targets");
        assertThat(browser.find("#targets").getText()).doesNotContain("theirs-" + suffix);
        assertThat(oli.get("/api/deployment-targets/" + theirs).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorRemovesATargetAndItLeavesTheApi() {
        String id = createTarget(ada, "short-lived-" + suffix);
        Browser browser = browser(ADA);
        browser.open("/deployment-targets/" + id);
        browser.clickAndWait("#delete");
        assertThat(browser.find("#done").getText()).isEqualTo("The deployment target is removed.");
        assertThat(ada.get("/api/deployment-targets/" + id).status()).isEqualTo(404);
    }

    private String createTarget(ApiClient client, String name) {
        ApiClient.Response created = client.post("/api/deployment-targets", Map.of("name", name, "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", RealServers.deploymentRoot().resolve(name + "/fullchain.pem").toString())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private int targetCount() {
        return ada.get("/api/deployment-targets").json().size();
    }

    private String sealedKeystorePassword(String id) {
        return jdbc.queryForObject("select keystore_password from certflow.deployment_target where id = ?", String.class,
                UUID.fromString(id));
    }

}
