package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.TenantUsers;

/** The console's Renewal page in a real browser: the policy form, Run Now, the status panel, and what a member may and may not do. */
class ConsoleRenewalIT extends ConsoleBrowserIT {

    private static final String TENANT = "consolerenewco";
    private static final String ADA = "consolerenewada";
    private static final String MEL = "consolerenewmel";
    private static final String OTHER_TENANT = "consolerenewother";
    private static final String PASSWORD = "console-renew-password-1";
    private static final String POLICY = "/api/tenants/" + TENANT + "/renewal-policy";

    ConsoleRenewalIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient ada;

    @BeforeAll
    void tenantWithAnAdministratorAndAMember() {
        ada = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, ADA, PASSWORD);
        TenantUsers.memberOf(identityService, baseUrl(), TENANT, MEL, PASSWORD);
    }

    @Test
    void anAdministratorTurnsThePolicyOnClicksRunNowAndSeesTheRunInTheStatusPanel() {
        turnPolicyOff();
        Browser browser = browser(ADA);
        browser.open("/renewal");
        assertThat(browser.find("#renewal-tenant").getText()).isEqualTo(TENANT);
        assertThat(browser.find("#status-active").getText()).startsWith("not active");

        browser.find("#enabled").click();
        browser.find("#windowDays").clear();
        browser.find("#windowDays").sendKeys("21");
        browser.clickAndWait("#save-policy");

        assertThat(browser.find("#done").getText()).isEqualTo("The renewal policy is saved.");
        assertThat(browser.find("#status-active").getText()).isEqualTo("active");
        assertThat(browser.find("#enabled").isSelected()).isTrue();
        assertThat(browser.find("#windowDays").getAttribute("value")).isEqualTo("21");
        JsonNode policy = ada.get(POLICY).json();
        assertThat(policy.path("enabled").asBoolean()).isTrue();
        assertThat(policy.path("windowDays").asInt()).isEqualTo(21);
        assertThat(browser.find("#status-next-run").getText()).doesNotContain("none");

        Instant clicked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        browser.clickAndWait("#run-now");
        assertThat(browser.find("#done").getText()).isEqualTo("A renewal run has started.");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            browser.open("/renewal");
            assertThat(browser.find("#last-run-finished").getText()).startsWith("finished");
        });
        assertThat(Instant.parse(browser.find("#last-run-started").getText())).isAfterOrEqualTo(clicked);
        assertThat(browser.find("#last-run-trigger").getText()).isEqualTo("Run Now by " + ADA);
        assertThat(browser.find("#last-run-figures").getText()).contains("due", "renewals started");
    }

    @Test
    void aWindowOfZeroDaysIsShownAtItsFieldAndChangesNothing() {
        JsonNode before = ada.get(POLICY).json();
        Browser browser = browser(ADA);
        browser.open("/renewal");
        browser.find("#enabled").click();
        browser.find("#windowDays").clear();
        browser.find("#windowDays").sendKeys("0");
        browser.clickAndWait("#save-policy");

        assertThat(browser.find("#problems-windowDays").getText()).startsWith("windowDays:").contains("from 1 to 365");
        assertThat(browser.find("#windowDays").getAttribute("value")).isEqualTo("0");
        assertThat(browser.findAll("#done")).isEmpty();
        assertThat(ada.get(POLICY).json()).isEqualTo(before);
    }

    @Test
    void aMemberSeesThePolicyReadOnlyCannotForgeASaveAndMayRunNowAsOverTheApi() throws Exception {
        Browser browser = browser(MEL);
        browser.open("/renewal");

        assertThat(browser.find("#status-panel").getText()).contains("Renewal service", "Last run", "Next scheduled run");
        assertThat(browser.find("#read-only").getText()).contains("Only an administrator");
        assertThat(browser.findAll("#save-policy")).isEmpty();
        assertThat(browser.find("#windowDays").isEnabled()).isFalse();
        assertThat(browser.find("#enabled").isEnabled()).isFalse();

        String token = browser.find("#policy-form input[name='_csrf']").getAttribute("value");
        JsonNode before = ada.get(POLICY).json();
        long runs = runsOf(TENANT);
        assertThat(browser.send("POST", "/renewal/policy", "tenant=" + TENANT + "&enabled=on&windowDays=9&_csrf=" + token).statusCode())
                .isEqualTo(403);
        assertThat(ada.get(POLICY).json()).isEqualTo(before);
        assertThat(runsOf(TENANT)).isEqualTo(runs);

        browser.clickAndWait("#run-now");
        assertThat(runsOf(TENANT)).as("a member's Run Now starts a run").isEqualTo(runs + 1);
    }

    @Test
    void anotherTenantsRenewalPageAndRunNowAreNotFoundAndStartNothing() throws Exception {
        TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, "consolerenewotto", PASSWORD);
        Browser browser = browser(ADA);
        browser.open("/renewal?tenant=" + OTHER_TENANT);

        assertThat(browser.find("#error-title").getText()).isEqualTo("404 Not Found");
        assertThat(browser.pageText()).doesNotContain("Renewal service");

        browser.open("/renewal");
        String token = browser.find("#policy-form input[name='_csrf']").getAttribute("value");
        long runs = runsOf(OTHER_TENANT);
        assertThat(browser.send("POST", "/renewal/run-now", "tenant=" + OTHER_TENANT + "&_csrf=" + token).statusCode()).isEqualTo(404);
        assertThat(browser.send("POST", "/renewal/policy", "tenant=" + OTHER_TENANT + "&enabled=on&windowDays=9&_csrf=" + token).statusCode())
                .isEqualTo(404);
        assertThat(runsOf(OTHER_TENANT)).isEqualTo(runs);
        assertThat(jdbc.queryForObject("select count(*) from certflow.renewal_policy where tenant_id = ? and window_days = 9",
                Long.class, OTHER_TENANT)).isZero();
    }

    private void turnPolicyOff() {
        assertThat(ada.put(POLICY, Map.of("enabled", false, "windowDays", 30)).status()).isEqualTo(200);
    }

    private long runsOf(String tenant) {
        Long count = jdbc.queryForObject("select count(*) from certflow.renewal_run where tenant_id = ?", Long.class, tenant);
        return count == null ? 0 : count;
    }

}
