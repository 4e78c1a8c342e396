package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * The console's home page, the morning overview, in a real browser: a tenant with known certificates (issued by a
 * private CA, some made to expire soon, one not auto-managed, a request rejected in Tasklist, one waiting there) sees
 * the exact counts, each link opens the certificates table with exactly those certificates, another tenant's are not
 * counted, and a tenant with nothing wrong reads "Nothing needs attention".
 */
class ConsoleOverviewIT extends ConsoleBrowserIT {

    private static final String TENANT = "consoleoverviewco";
    private static final String OTHER_TENANT = "consoleoverviewother";
    private static final String CALM_TENANT = "consoleoverviewcalm";
    private static final String ADA = "consoleoverviewada";
    private static final String OLGA = "consoleoverviewolga";
    private static final String CALM = "consoleoverviewcalmuser";
    private static final String PASSWORD = "console-overview-password-1";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    ConsoleOverviewIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    TaskService taskService;
    @Autowired
    JdbcTemplate jdbc;

    private String expiresIn3Days;
    private String notManagedIn20Days;
    private String rejected;
    private String awaitingApproval;
    private String failedDeployment;

    @BeforeAll
    void tenantsWithKnownCertificates() throws IOException {
        ApiClient ada = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, ADA, PASSWORD);
        ApiClient olga = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, OLGA, PASSWORD);
        TenantUsers.administratorOf(identityService, baseUrl(), CALM_TENANT, CALM, PASSWORD);
        assertThat(ada.post("/api/issuers", Map.of("name", "consoleoverview-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
        assertThat(ada.post("/api/issuers", Map.of("name", "consoleoverview-approval-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
        assertThat(ada.post("/api/templates", Map.of("name", "consoleoverview-approval", "issuer", "consoleoverview-approval-ca",
                "approvalRequired", true)).status()).isEqualTo(201);
        assertThat(olga.post("/api/issuers", Map.of("name", "consoleoverviewother-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);

        expiresIn3Days = issue(ada, "soon.consoleoverview.test", "consoleoverview-ca");
        notManagedIn20Days = issue(ada, "manual.consoleoverview.test", "consoleoverview-ca");
        String fine = issue(ada, "fine.consoleoverview.test", "consoleoverview-ca");
        assertThat(ada.put("/api/certificates/" + notManagedIn20Days + "/auto-management", Map.of("enabled", false)).status()).isEqualTo(200);
        expireIn(expiresIn3Days, Duration.ofDays(3));
        expireIn(notManagedIn20Days, Duration.ofDays(20));
        String othersSoon = issue(olga, "soon.consoleoverviewother.test", "consoleoverviewother-ca");
        expireIn(othersSoon, Duration.ofDays(3));

        rejected = requestForApproval(ada, "rejected.consoleoverview.test");
        awaitingApproval = requestForApproval(ada, "waiting.consoleoverview.test");
        String task = taskService.createTaskQuery().processInstanceId(processOf(rejected)).singleResult().getId();
        taskService.complete(task, Map.of("approved", false, "rejectionReason", "not ours"));
        assertThat(ada.awaitFinal(rejected, WITHIN).path("status").asText()).isEqualTo("FAILED");

        failedDeployment = deploymentThatFails(ada, fine);
    }

    /**
     * A deployment that fails for real: its target's directory, inside the deployment root when the target was made, is
     * swapped for a link out of it (as DeploymentIT does), so Certflow refuses to write there.
     */
    private String deploymentThatFails(ApiClient client, String certificateId) throws IOException {
        Path site = Files.createDirectories(RealServers.deploymentRoot().resolve("console-overview-it/escape"));
        ApiClient.Response target = client.post("/api/deployment-targets", Map.of("name", "consoleoverview-escape", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", site.resolve("fullchain.pem").toString(), "keyPath", site.resolve("privkey.pem").toString()),
                "verify", Map.of("host", "127.0.0.1", "port", 9, "serverName", "fine.consoleoverview.test"),
                "reloadCommand", "it-reload"));
        assertThat(target.status()).as(target.body()).isEqualTo(201);
        Files.delete(site);
        Files.createSymbolicLink(site, Files.createTempDirectory("consoleoverview-outside-"));
        ApiClient.Response started = client.post("/api/certificates/" + certificateId + "/deployments",
                Map.of("targetId", target.json().path("id").asText()));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        JsonNode deployment = Awaitility.await("the deployment to end").atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get("/api/deployments/" + id).json(), d -> d.path("final").asBoolean());
        assertThat(deployment.path("state").asText()).as(deployment.toString()).isEqualTo("FAILED");
        return id;
    }

    private static String issue(ApiClient client, String name, String issuer) {
        ApiClient.Response accepted = client.post("/api/certificates", Map.of("domains", List.of(name), "issuer", issuer));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        assertThat(client.awaitFinal(id, WITHIN).path("status").asText()).isEqualTo("ISSUED");
        return id;
    }

    private static String requestForApproval(ApiClient client, String name) {
        ApiClient.Response accepted = client.post("/api/certificates", Map.of("domains", List.of(name), "template", "consoleoverview-approval"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().path("status").asText()).isEqualTo("AWAITING_APPROVAL");
        return accepted.json().path("id").asText();
    }

    private String processOf(String certificateId) {
        return jdbc.queryForObject("select process_instance_id from certflow.certificate_request where certificate_id = ?", String.class,
                UUID.fromString(certificateId));
    }

    /** As RenewalIT.age: the certificate's dates moved so that it expires soon. */
    private void expireIn(String certificateId, Duration left) {
        Instant now = Instant.now();
        jdbc.update("update certflow.certificate set not_before = ?, not_after = ? where id = ?",
                Timestamp.from(now.minus(Duration.ofDays(60))), Timestamp.from(now.plus(left)), UUID.fromString(certificateId));
    }

    @Test
    void theOverviewCountsWhatNeedsAttentionInTheUsersTenantAndEachLinkListsExactlyThoseCertificates() {
        Browser browser = browser(ADA);
        browser.open("/");

        assertThat(browser.find("header.top nav a.current").getText()).isEqualTo("Overview");
        assertThat(browser.findAll("#all-well")).isEmpty();
        assertThat(figure(browser, "unrenewed-7")).isEqualTo(1);
        assertThat(figure(browser, "unrenewed-30")).isEqualTo(2);
        assertThat(figure(browser, "failed-requests")).isEqualTo(1);
        assertThat(figure(browser, "approvals")).isEqualTo(1);
        assertThat(browser.find("#attention-unrenewed-7").getText())
                .isEqualTo("1 certificate expires within 7 days (or has expired) and Certflow will not renew it");
        assertThat(browser.find("#attention-unrenewed-30").getText())
                .isEqualTo("2 certificates expire within 30 days (or have expired) and Certflow will not renew them");
        assertThat(figure(browser, "failed-deployments")).isEqualTo(1);
        assertThat(browser.find("#failed-deployments tr.failed-deployment[data-id='" + failedDeployment + "']").getText())
                .contains("fine.consoleoverview.test", "consoleoverview-escape", "FAILED", "allowed");
        assertThat(browser.find("#attention-approvals a").getAttribute("href")).contains("/camunda/app/tasklist/");
        assertThat(browser.findAll("#attention-expired-in-use, #attention-expired-served, #attention-incidents")).isEmpty();
        assertThat(browser.find("#total-issued").getText()).startsWith("3 ");
        assertThat(browser.find("#total-failed").getText()).startsWith("1 ");
        assertThat(browser.find("#total-awaiting_approval").getText()).startsWith("1 ");
        assertThat(browser.find("#total-auto-managed").getText()).startsWith("2 ");
        assertThat(browser.find("#renewal-" + TENANT + " .service-state").getText()).isEqualTo("off");

        assertThat(listedBehind(browser, "unrenewed-7")).containsExactly(expiresIn3Days);
        assertThat(listedBehind(browser, "unrenewed-30")).containsExactlyInAnyOrder(expiresIn3Days, notManagedIn20Days);
        assertThat(listedBehind(browser, "failed-requests")).containsExactly(rejected);
        browser.open("/");
        browser.clickAndWait("#total-awaiting_approval a");
        assertThat(rowIds(browser)).containsExactly(awaitingApproval);
        assertThat(jdbc.queryForObject("select status from certflow.certificate where id = ?", String.class, UUID.fromString(awaitingApproval)))
                .isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void anotherTenantsCertificatesAreNotCountedAndATenantWithNothingWrongReadsNothingNeedsAttention() {
        Browser other = browser(OLGA);
        other.open("/");
        assertThat(figure(other, "unrenewed-7")).isEqualTo(1);
        assertThat(other.findAll("#attention-failed-requests, #attention-approvals")).isEmpty();

        Browser calm = browser(CALM);
        calm.open("/");
        assertThat(calm.find("#all-well").getText()).isEqualTo("Nothing needs attention.");
        assertThat(calm.findAll("#attention-list li")).isEmpty();
        assertThat(calm.find("#overview-tenants").getText()).isEqualTo("tenant " + CALM_TENANT);
        assertThat(jdbc.queryForObject("select count(*) from certflow.certificate where tenant_id = ?", Long.class, CALM_TENANT)).isZero();
    }

    private static long figure(Browser browser, String id) {
        return Long.parseLong(browser.find("#attention-" + id + " .figure").getText());
    }

    private static List<String> listedBehind(Browser browser, String id) {
        browser.open("/");
        browser.clickAndWait("#attention-" + id + " a");
        assertThat(browser.path()).startsWith("/certificates?");
        return rowIds(browser);
    }

    private static List<String> rowIds(Browser browser) {
        return browser.findAll("tr.certificate").stream().map(row -> row.getAttribute("data-id")).toList();
    }
}
