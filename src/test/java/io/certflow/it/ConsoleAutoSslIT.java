package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.KeyType;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * The console's AutoSSL section in a real browser, as a hosting panel's Manage AutoSSL page: Providers (stars, terms), Options
 * (levels, the replacement warning), Logs (pick a run, read it), Manage Users (search, select, Disable, Reset, Check) and the
 * Pending Queue (sorted, searched). Each outcome is checked over the API or in the database as well as on the page.
 */
class ConsoleAutoSslIT extends ConsoleBrowserIT {

    private static final String TENANT = "consoleautosslco";
    private static final String ADA = "consoleautosslada";
    private static final String MEL = "consoleautosslmel";
    private static final String QUEUE_TENANT = "consoleautosslqueue";
    private static final String QUINN = "consoleautosslquinn";
    private static final String OTHER_TENANT = "consoleautosslother";
    private static final String OSKAR = "consoleautossloskar";
    private static final String PASSWORD = "console-autossl-password-1";
    private static final String PEBBLE_ISSUER = "consoleautossl-pebble";
    private static final String PRIVATE_ISSUER = "consoleautossl-internal";
    private static final Map<String, Object> DEFAULT_OPTIONS = Map.of("defaultEnabled", true, "replaceNonAutoSsl", false,
            "userLevel", "FAILURES_WARNINGS_DEFERRALS", "adminLevel", "FAILURES_WARNINGS_DEFERRALS");

    ConsoleAutoSslIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CertificateStore certificates;
    @Autowired
    CertificateRequestStore requests;

    private ApiClient ada;
    private ApiClient quinn;
    private ApiClient oskar;
    private String pebbleIssuerId;
    private String othersAccountId;

    @BeforeAll
    void aHostingTenantWithIssuersAccountsAMemberAndAnotherTenant() {
        ada = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, ADA, PASSWORD);
        TenantUsers.memberOf(identityService, baseUrl(), TENANT, MEL, PASSWORD);
        quinn = TenantUsers.administratorOf(identityService, baseUrl(), QUEUE_TENANT, QUINN, PASSWORD);
        oskar = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, OSKAR, PASSWORD);
        PebbleServer pebble = RealServers.pebble();
        ApiClient.Response acme = ada.post("/api/issuers", Map.of("name", PEBBLE_ISSUER, "type", "ACME", "directoryUrl", pebble.directoryUrl(),
                "termsOfServiceAgreed", false, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(acme.status()).as(acme.body()).isEqualTo(201);
        pebbleIssuerId = acme.json().path("id").asText();
        assertThat(ada.post("/api/issuers", Map.of("name", PRIVATE_ISSUER, "type", "PRIVATE_CA")).status()).isEqualTo(201);
        createAccount(ada, "shopone", "shopone.consoleautossl.test");
        createAccount(ada, "shoptwo", "bakery.consoleautossl.test");
        othersAccountId = createAccount(oskar, "othershop", "othershop.consoleautossl.test");
    }

    private static String createAccount(ApiClient client, String name, String domain) {
        ApiClient.Response created = client.post("/api/accounts", Map.of("name", name, "contactEmail", "owner@" + domain,
                "domains", List.of(Map.of("name", domain))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    // Manage Users

    private JsonNode setting(String account) {
        return ada.get("/api/autossl/accounts?q=" + account).json().path("items").get(0);
    }

    private List<String> accountRows(Browser browser) {
        return browser.findAll("tr.account").stream().map(row -> row.getAttribute("id")).toList();
    }

    @Test
    void anAdministratorSearchesSelectsAndDisablesAnAccountThenResetsItToTheTenantsDefault() {
        Browser browser = browser(ADA);
        browser.open("/autossl");
        assertThat(browser.path()).startsWith("/autossl/providers");
        browser.clickAndWait("#tab-users");
        assertThat(accountRows(browser)).containsExactly("account-shopone", "account-shoptwo");

        browser.find("#q").sendKeys("bakery");
        browser.clickAndWait("#apply-search");
        assertThat(accountRows(browser)).as("a domain finds its account").containsExactly("account-shoptwo");
        browser.find("#q").clear();
        browser.find("#q").sendKeys("shopone");
        browser.clickAndWait("#apply-search");
        assertThat(accountRows(browser)).containsExactly("account-shopone");

        browser.find("#select-shopone").click();
        browser.clickAndWait("#disable");

        assertThat(browser.find("#done").getText()).contains("disabled for shopone");
        assertThat(browser.find("#account-shopone .setting").getText()).isEqualTo("DISABLED");
        assertThat(browser.find("#account-shopone .source").getText()).isEqualTo("override (DISABLE)");
        assertThat(accountRows(browser)).as("the search is kept").containsExactly("account-shopone");
        assertThat(setting("shopone").path("enabled").asBoolean()).isFalse();
        assertThat(setting("shopone").path("source").asText()).isEqualTo("OVERRIDE");
        assertThat(setting("shoptwo").path("enabled").asBoolean()).as("the other account is untouched").isTrue();

        browser.find("#select-shopone").click();
        browser.clickAndWait("#reset");

        assertThat(browser.find("#done").getText()).isEqualTo("AutoSSL for shopone follows the tenant's default again.");
        assertThat(browser.find("#account-shopone .setting").getText()).isEqualTo("ENABLED");
        assertThat(setting("shopone").path("enabled").asBoolean()).isTrue();
        assertThat(setting("shopone").path("source").asText()).isEqualTo("DEFAULT");
    }

    @Test
    void disablingWithNoAccountSelectedIsShownAtTheAccountsAndChangesNothing() {
        Browser browser = browser(ADA);
        browser.open("/autossl/users");
        browser.clickAndWait("#disable");

        assertThat(browser.find("#problems-accounts").getText()).startsWith("accounts:");
        assertThat(browser.findAll("#done")).isEmpty();
        assertThat(setting("shopone").path("source").asText()).isEqualTo("DEFAULT");
        assertThat(setting("shoptwo").path("source").asText()).isEqualTo("DEFAULT");
    }

    @Test
    void theCheckButtonOfAnAccountStartsARunForThatAccountOnly() {
        long before = runsOfAccount("shoptwo");
        Browser browser = browser(MEL);
        browser.open("/autossl/users");
        assertThat(browser.findAll("#select-shoptwo")).as("a member selects nothing").isEmpty();
        assertThat(browser.findAll("#disable")).isEmpty();

        browser.clickAndWait("#check-shoptwo");

        assertThat(browser.find("#done").getText()).isEqualTo("A check of shoptwo has started. Read its log");
        assertThat(runsOfAccount("shoptwo")).isEqualTo(before + 1);
        JsonNode newest = ada.get("/api/autossl/runs?size=1").json().path("items").get(0);
        assertThat(newest.path("reason").asText()).isEqualTo("ACCOUNT");
        assertThat(newest.path("account").asText()).isEqualTo("shoptwo");
        assertThat(newest.path("requestedBy").asText()).isEqualTo(MEL);
        assertThat(browser.find("#done-run").getAttribute("href")).endsWith("/autossl/logs/" + newest.path("id").asText());
    }

    private long runsOfAccount(String account) {
        Long count = jdbc.queryForObject("select count(*) from certflow.autossl_run where tenant_id = ? and account_name = ? and reason = 'ACCOUNT'",
                Long.class, TENANT, account);
        return count == null ? 0 : count;
    }

    // Pending queue

    private List<String> queueRows(Browser browser) {
        return browser.findAll("tr.pending").stream().map(row -> row.getAttribute("data-id")).toList();
    }

    @Test
    void thePendingQueueIsSortedByAgeTheAgeHeaderTurnsTheOrderAndTheSearchNarrowsIt() {
        UUID issuer = UUID.fromString(quinn.post("/api/issuers", Map.of("name", "consoleautosslq-ca", "type", "PRIVATE_CA")).json()
                .path("id").asText());
        UUID account = UUID.fromString(createAccount(quinn, "queueshop", "queueshop.consoleautossl.test"));
        UUID young = pending(issuer, account, "young.consoleautossl.test", Duration.ofMinutes(20));
        UUID old = pending(issuer, account, "old.consoleautossl.test", Duration.ofDays(3));
        UUID middle = pending(issuer, account, "middle.consoleautossl.test", Duration.ofHours(30));

        Browser browser = browser(QUINN);
        browser.open("/autossl/pending-queue");

        assertThat(queueRows(browser)).containsExactly(young.toString(), middle.toString(), old.toString());
        assertThat(browser.find("#sort-age").getText()).isEqualTo("Age ▲");
        assertThat(browser.find("#sort-age").findElement(org.openqa.selenium.By.xpath("..")).getAttribute("aria-sort")).isEqualTo("ascending");
        assertThat(browser.findAll("td.age").stream().map(WebElement::getText).toList()).containsExactly("20 min", "1 d 6 h", "3 d");

        browser.clickAndWait("#sort-age");

        assertThat(queueRows(browser)).containsExactly(old.toString(), middle.toString(), young.toString());
        assertThat(browser.find("#sort-age").getText()).isEqualTo("Age ▼");
        assertThat(queueRows(browser)).as("the API's order").containsExactlyElementsOf(StreamSupport.stream(
                quinn.get("/api/autossl/pending-queue?sort=age&order=desc").json().path("items").spliterator(), false)
                .map(item -> item.path("certificateId").asText()).toList());

        browser.find("#q").sendKeys("middle");
        browser.clickAndWait("#apply-search");

        assertThat(queueRows(browser)).containsExactly(middle.toString());
        assertThat(browser.find("#sort-age").getText()).as("the order is kept").isEqualTo("Age ▼");
        assertThat(browser.find("#count").getText()).isEqualTo("1 pending");
    }

    /** An AutoSSL certificate of the account whose order waits at the CA, requested {@code age} ago. */
    private UUID pending(UUID issuer, UUID account, String name, Duration age) {
        UUID id = UUID.randomUUID();
        Instant requested = Instant.now().minus(age);
        certificates.insert(new Certificate(id, QUEUE_TENANT, issuer, List.of(name), KeyType.DEFAULT, CertificateStatus.PROCESSING, null,
                CertificateSource.ISSUED, true, null, null, null, null, null, requested, requested, false, null));
        jdbc.update("update certflow.certificate set autossl_account_id = ? where id = ?", account, id);
        requests.insert(new CertificateRequest(UUID.randomUUID(), QUEUE_TENANT, id, issuer, null, KeyType.DEFAULT, ValidationMethod.HTTP_01,
                false, null, null, null, null, "autossl", requested));
        return id;
    }

    // Providers

    private JsonNode provider(String name) {
        return StreamSupport.stream(ada.get("/api/autossl/providers").json().path("providers").spliterator(), false)
                .filter(p -> p.path("provider").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void choosingAProviderWhoseTermsAreNotTickedIsShownAtTheCheckboxAndTickingThemSavesIt() {
        jdbc.update("update certflow.issuer set terms_agreed_url = null, terms_agreed_at = null, terms_agreed_by = null where id = ?::uuid",
                pebbleIssuerId);
        assertThat(ada.put("/api/autossl/provider", Map.of("provider", "DISABLED")).status()).isEqualTo(200);
        try {
            Browser browser = browser(ADA);
            browser.open("/autossl/providers");
            assertThat(browser.find("#pause-reason").getText()).contains("paused", "DISABLED");
            assertThat(browser.find("#provider-DISABLED .current-provider").getText()).isEqualTo("current");
            assertThat(browser.find("#provider-" + PEBBLE_ISSUER + " .stars-words").getText()).isEqualTo("7 of 9 stars");
            assertThat(browser.find("#provider-" + PEBBLE_ISSUER + " .star-filled").getText()).isEqualTo("★★★★★★★");
            assertThat(browser.find("#provider-" + PEBBLE_ISSUER + " .star-empty").getText()).isEqualTo("☆☆");
            assertThat(browser.find("#provider-" + PRIVATE_ISSUER + " .stars-words").getText()).isEqualTo("4 of 9 stars");
            assertThat(browser.find("#provider-" + PEBBLE_ISSUER).getText()).contains("Names per certificate: 100", "Rate limit: 100 orders an hour",
                    "to be accepted");

            browser.find("#choose-" + PEBBLE_ISSUER).click();
            browser.clickAndWait("#save-provider");

            assertThat(browser.find("#problems-acceptTerms").getText()).startsWith("acceptTerms:").contains("terms of service");
            assertThat(browser.find("#choose-" + PEBBLE_ISSUER).isSelected()).as("the choice is kept").isTrue();
            assertThat(browser.findAll("#done")).isEmpty();
            assertThat(provider("DISABLED").path("selected").asBoolean()).as("nothing changed").isTrue();
            assertThat(provider(PEBBLE_ISSUER).path("termsAccepted").asBoolean()).isFalse();

            browser.find("#acceptTerms").click();
            browser.clickAndWait("#save-provider");

            assertThat(browser.find("#done").getText()).isEqualTo("The provider is saved.");
            assertThat(browser.find("#provider-" + PEBBLE_ISSUER + " .current-provider").getText()).isEqualTo("current");
            assertThat(browser.findAll("#pause-reason")).isEmpty();
            assertThat(provider(PEBBLE_ISSUER).path("selected").asBoolean()).isTrue();
            assertThat(provider(PEBBLE_ISSUER).path("termsAccepted").asBoolean()).isTrue();
        } finally {
            assertThat(ada.put("/api/autossl/provider", Map.of("provider", "DISABLED")).status()).isEqualTo(200);
        }
    }

    // Options

    @Test
    void anAdministratorChangesTheUserLevelAndTheReplacementOptionWithItsWarningInView() {
        assertThat(ada.put("/api/autossl/settings", DEFAULT_OPTIONS).status()).isEqualTo(200);
        try {
            Browser browser = browser(ADA);
            browser.open("/autossl/options");
            assertThat(browser.find("#replace-warning").isDisplayed()).isTrue();
            assertThat(browser.find("#replace-warning").getText()).contains("EV or OV certificate with a DV certificate");
            assertThat(new Select(browser.find("#userLevel")).getOptions()).extracting(WebElement::getText)
                    .containsExactly("All: failures, warnings, deferrals and successes", "Failures, warnings and deferrals (no success reports)",
                            "Failures only", "Disabled: mail nothing (notifications are still listed)");

            new Select(browser.find("#userLevel")).selectByVisibleText("Failures only");
            browser.find("#replaceNonAutoSsl").click();
            browser.clickAndWait("#save-options");

            assertThat(browser.find("#done").getText()).isEqualTo("The options are saved.");
            assertThat(new Select(browser.find("#userLevel")).getFirstSelectedOption().getText()).isEqualTo("Failures only");
            assertThat(browser.find("#replaceNonAutoSsl").isSelected()).isTrue();
            JsonNode saved = ada.get("/api/autossl/settings").json();
            assertThat(saved.path("userLevel").asText()).isEqualTo("FAILURES_ONLY");
            assertThat(saved.path("adminLevel").asText()).isEqualTo("FAILURES_WARNINGS_DEFERRALS");
            assertThat(saved.path("replaceNonAutoSsl").asBoolean()).isTrue();
            assertThat(saved.path("defaultEnabled").asBoolean()).isTrue();
            assertThat(saved.path("updatedBy").asText()).isEqualTo(ADA);
        } finally {
            assertThat(ada.put("/api/autossl/settings", DEFAULT_OPTIONS).status()).isEqualTo(200);
        }
    }

    @Test
    void aMemberSeesTheOptionsReadOnlyAndAForgedSaveIsTheForbiddenPageThatChangesNothing() throws Exception {
        Browser browser = browser(MEL);
        browser.open("/autossl/options");

        assertThat(browser.find("#read-only").getText()).contains("Only an administrator");
        assertThat(browser.findAll("#save-options")).isEmpty();
        assertThat(browser.find("#userLevel").isEnabled()).isFalse();
        assertThat(browser.find("#replaceNonAutoSsl").isEnabled()).isFalse();

        JsonNode before = ada.get("/api/autossl/settings").json();
        String token = browser.find("#options-form input[name='_csrf']").getAttribute("value");
        HttpResponse<String> forged = browser.send("POST", "/autossl/options", "tenant=" + TENANT
                + "&defaultEnabled=false&userLevel=ALL&adminLevel=ALL&replaceNonAutoSsl=on&_csrf=" + token);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Only an administrator of tenant");
        assertThat(ada.get("/api/autossl/settings").json()).isEqualTo(before);
    }

    // Logs

    @Test
    void runningAutoSslForAllUsersShowsTheRunWhosePickedLogReadsAsTheApisText() {
        Browser browser = browser(ADA);
        browser.open("/autossl/logs");
        browser.clickAndWait("#run-all");

        assertThat(browser.find("#done").getText()).startsWith("AutoSSL is running for all users");
        JsonNode newest = ada.get("/api/autossl/runs?size=1").json().path("items").get(0);
        String runId = newest.path("id").asText();
        assertThat(newest.path("reason").asText()).isEqualTo("ALL");
        assertThat(browser.path()).startsWith("/autossl/logs/" + runId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !ada.get("/api/autossl/runs/" + runId).json().path("state").asText().equals("RUNNING"));

        browser.open("/autossl/logs");
        assertThat(browser.find("#pick-hint").getText()).contains("Pick a run");
        WebElement row = browser.find("tr.run[data-id='" + runId + "']");
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector(".trigger")).getText()).isEqualTo("all users by " + ADA);
        assertThat(row.getText()).contains("PAUSED");
        assertThat(browser.findAll("tr.run").get(0).getAttribute("data-id")).as("newest first").isEqualTo(runId);
        browser.clickAndWait("#run-" + runId);

        String shown = browser.find("#log").getText();
        assertThat(shown).startsWith("# AutoSSL run " + runId).contains("AutoSSL run started (all, by " + ADA + ")");
        assertThat(shown).isEqualTo(ada.get("/api/autossl/logs/" + runId + "?format=text").body().strip());
        assertThat(browser.find("#picked-run").getText()).isEqualTo(runId);
    }

    @Test
    void anotherTenantsRunLogAndAccountOpenedByTheirUrlsAreTheNotFoundPage() throws Exception {
        String othersRun = oskar.get("/api/autossl/runs?size=1").json().path("items").get(0).path("id").asText();
        Browser browser = browser(ADA);

        browser.open("/autossl/logs/" + othersRun);
        assertThat(browser.find("#error-title").getText()).isEqualTo("404 Not Found");
        browser.open("/autossl/users/" + othersAccountId);
        assertThat(browser.find("#error-title").getText()).isEqualTo("404 Not Found");
        assertThat(browser.pageText()).doesNotContain("othershop");

        assertThat(browser.send("GET", "/autossl/logs/" + othersRun, null).statusCode()).isEqualTo(404);
        assertThat(browser.send("GET", "/autossl/logs/" + othersRun + "/text", null).statusCode()).isEqualTo(404);
        assertThat(browser.send("GET", "/autossl/users/" + othersAccountId, null).statusCode()).isEqualTo(404);
        assertThat(browser.send("GET", "/autossl/pending-queue?tenant=" + OTHER_TENANT, null).statusCode()).isEqualTo(404);

        browser.open("/autossl/users/" + setting("shopone").path("id").asText());
        assertThat(browser.find("#account-name").getText()).isEqualTo("shopone");
        assertThat(browser.find("#domains").getText()).contains("shopone.consoleautossl.test", "www.shopone.consoleautossl.test");
    }

}
