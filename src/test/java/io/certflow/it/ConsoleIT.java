package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.TenantUsers;

/** The web console in a real browser (Debian's headless Chromium): login, the certificates table and page, isolation, CSRF. */
class ConsoleIT extends ConsoleBrowserIT {

    private static final String TENANT = "consoleco";
    private static final String OTHER_TENANT = "consoleother";
    private static final String PAGING_TENANT = "consolepages";
    private static final String CORA = "consolecora";
    private static final String OSKAR = "consoleoskar";
    private static final String PIA = "consolepia";
    private static final String PASSWORD = "console-password-1";
    private static final int PAGING_ROWS = 260;

    ConsoleIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient cora;
    private ApiClient oskar;
    private String oskarsCertificate;

    @BeforeAll
    void tenantsWithCertificates() {
        cora = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, CORA, PASSWORD);
        oskar = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, OSKAR, PASSWORD);
        TenantUsers.memberOf(identityService, baseUrl(), PAGING_TENANT, PIA, PASSWORD);
        assertThat(cora.post("/api/issuers", Map.of("name", "consoleco-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
        assertThat(oskar.post("/api/issuers", Map.of("name", "consoleother-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
        oskarsCertificate = oskar.post("/api/certificates", Map.of("domains", List.of("secret.consoleother.test"),
                "issuer", "consoleother-ca")).json().path("id").asText();
        oskar.awaitStatus(oskarsCertificate, Duration.ofSeconds(60), "ISSUED");
        insertPagingInventory();
    }

    @Test
    void aCertificateRequestedThroughTheConsoleIsSeenIssuedInTheTableAndOnItsPage() {
        Browser browser = browser(CORA);
        assertThat(browser.path()).as("a login opens the Overview").isEqualTo("/");
        browser.clickAndWait("#nav-certificates");
        browser.clickAndWait("#request-certificate");
        browser.find("#domains").sendKeys("www.consoleco.test\napi.consoleco.test");
        new Select(browser.find("#issuer")).selectByVisibleText("consoleco-ca");
        browser.clickAndWait("#submit-request");

        assertThat(browser.path()).matches("/certificates/[0-9a-f-]{36}");
        String id = browser.path().substring("/certificates/".length());
        browser.reloadUntil(page -> page.find("#certificate-status").getText().equals("ISSUED"));
        assertThat(browser.findAll("#names li")).extracting(WebElement::getText).containsExactly("www.consoleco.test", "api.consoleco.test");
        assertThat(browser.find("#chain").getAttribute("href")).endsWith("/certificates/" + id + "/chain");
        assertThat(browser.find("#cockpit").getAttribute("href")).contains("/camunda/app/cockpit/default/#/process-instance/");

        browser.open("/certificates");
        WebElement row = browser.find("tr.certificate[data-id='" + id + "']");
        assertThat(row.getText()).contains("www.consoleco.test", "ISSUED", "consoleco-ca", "issued", "days");
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector(".expiry")).getAttribute("class")).contains("expiry-ok");
    }

    @Test
    void aRequestWithoutNamesIsShownAgainWithTheProblemAtTheNamesField() {
        Browser browser = browser(CORA);
        browser.open("/certificates/new");
        new Select(browser.find("#issuer")).selectByVisibleText("consoleco-ca");
        browser.clickAndWait("#submit-request");

        assertThat(browser.find("#problems-domains").getText()).startsWith("domains:");
        assertThat(browser.path()).isEqualTo("/certificates/new");
    }

    @Test
    void aUserSeesOnlyTheirTenantsCertificates() {
        String mine = cora.post("/api/certificates", Map.of("domains", List.of("mine.consoleco.test"), "issuer", "consoleco-ca"))
                .json().path("id").asText();
        Browser browser = browser(CORA);
        browser.open("/certificates");

        List<String> ids = browser.findAll("tr.certificate").stream().map(row -> row.getAttribute("data-id")).toList();
        assertThat(ids).contains(mine).doesNotContain(oskarsCertificate);
        assertThat(browser.pageText()).doesNotContain("secret.consoleother.test");
    }

    @Test
    void aUserOfOneTenantOpeningAnotherTenantsCertificateByItsUrlGetsTheNotFoundPage() throws Exception {
        Browser browser = browser(CORA);
        browser.open("/certificates/" + oskarsCertificate);

        assertThat(browser.find("#error-title").getText()).isEqualTo("404 Not Found");
        assertThat(browser.pageText()).doesNotContain("secret.consoleother.test");
        assertThat(browser.send("GET", "/certificates/" + oskarsCertificate, null).statusCode()).isEqualTo(404);
        assertThat(browser.send("GET", "/certificates/" + oskarsCertificate + "/chain", null).statusCode()).isEqualTo(404);
    }

    @Test
    void hostileQueryStringsOnTheConsolesListsAreA400PageInWordsNeverAServerError() throws Exception {
        Browser browser = browser(CORA);
        for (String path : List.of("/certificates?expiring=abc", "/certificates?status=NOPE", "/certificates?page=-1",
                "/certificates?page=abc", "/certificates?expiresFrom=yesterday", "/certificates?autoManaged=maybe",
                "/certificates?q=" + "a".repeat(300), "/autossl/pending-queue?sort=nope", "/autossl/users?page=abc",
                "/autossl/logs?page=-5", "/renewal?tenant=%00")) {
            var answer = browser.send("GET", path, null);
            assertThat(answer.statusCode()).as(path).isBetween(400, 404);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(answer.body()).as(path).doesNotContain("Exception", "at io.certflow", "Whitelabel");
        }
        assertThat(browser.send("GET", "/certificates?expiring=abc", null).body()).contains("expiring: &#39;abc&#39; is not a valid whole number");
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefusedAndRequestsNothing() throws Exception {
        Browser browser = browser(CORA);
        browser.open("/certificates/new");
        String token = browser.find("#request-form input[name='_csrf']").getAttribute("value");
        long before = certificatesOf(TENANT);
        String form = "domains=forged.consoleco.test&issuer=consoleco-ca";

        HttpResponse<String> forged = browser.send("POST", "/certificates/new", form);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(certificatesOf(TENANT)).isEqualTo(before);

        HttpResponse<String> genuine = browser.send("POST", "/certificates/new", form + "&_csrf=" + token);
        assertThat(genuine.statusCode()).isEqualTo(302);
        assertThat(genuine.headers().firstValue("Location").orElseThrow()).contains("/certificates/");
        assertThat(certificatesOf(TENANT)).isEqualTo(before + 1);
    }

    @Test
    void theTablePagesAndFiltersAFewHundredCertificatesInTheDatabase() {
        Browser browser = browser(PIA);
        browser.open("/certificates");
        assertThat(browser.find("#count").getText()).isEqualTo(PAGING_ROWS + " certificates");
        assertThat(browser.findAll("tr.certificate")).hasSize(50);
        assertThat(browser.find("#page-number").getText()).isEqualTo("Page 1 of 6");
        List<String> first = rowIds(browser);

        browser.clickAndWait("#next-page");
        assertThat(browser.find("#page-number").getText()).isEqualTo("Page 2 of 6");
        assertThat(rowIds(browser)).hasSize(50).doesNotContainAnyElementsOf(first);
        browser.open("/certificates?page=5");
        assertThat(browser.findAll("tr.certificate")).hasSize(PAGING_ROWS - 250);

        browser.open("/certificates");
        browser.find("#filter-q").sendKeys("row-01");
        browser.clickAndWait("#apply-filters");
        assertThat(names(browser)).hasSize(10).allSatisfy(name -> assertThat(name).startsWith("row-01"));

        browser.open("/certificates");
        new Select(browser.find("#filter-auto-managed")).selectByValue("yes");
        new Select(browser.find("#filter-source")).selectByValue("UPLOADED");
        browser.clickAndWait("#apply-filters");
        assertThat(browser.find("#count").getText()).isEqualTo("0 certificates");

        browser.open("/certificates");
        new Select(browser.find("#filter-source")).selectByValue("UPLOADED");
        browser.find("#filter-expiring").sendKeys("10");
        browser.clickAndWait("#apply-filters");
        // Row i is uploaded when i % 4 == 0 and expires in i % 60 days: those within 10 days.
        long expected = java.util.stream.IntStream.range(0, PAGING_ROWS).filter(i -> i % 4 == 0 && i % 60 < 10).count();
        assertThat(browser.find("#count").getText()).isEqualTo(expected + " certificates");
        assertThat(browser.findAll("tr.certificate .expiry")).allSatisfy(cell -> assertThat(cell.getAttribute("class"))
                .containsAnyOf("expiry-urgent", "expiry-warning", "expiry-expired"));

        browser.open("/certificates");
        new Select(browser.find("#filter-status")).selectByValue("FAILED");
        browser.clickAndWait("#apply-filters");
        assertThat(browser.find("#count").getText()).isEqualTo("0 certificates");
    }

    private static List<String> rowIds(Browser browser) {
        return browser.findAll("tr.certificate").stream().map(row -> row.getAttribute("data-id")).toList();
    }

    private static List<String> names(Browser browser) {
        return browser.findAll("tr.certificate td.names a").stream().map(WebElement::getText).toList();
    }

    private long certificatesOf(String tenant) {
        Long count = jdbc.queryForObject("select count(*) from certflow.certificate where tenant_id = ?", Long.class, tenant);
        return count == null ? 0 : count;
    }

    /**
     * {@value #PAGING_ROWS} issued-looking certificates written straight into the database: row i is named
     * row-NNN.consolepages.test, expires in i % 60 days, is uploaded when i % 4 == 0 and auto-managed otherwise.
     */
    private void insertPagingInventory() {
        if (certificatesOf(PAGING_TENANT) > 0) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < PAGING_ROWS; i++) {
            UUID id = UUID.randomUUID();
            boolean uploaded = i % 4 == 0;
            Instant notAfter = now.plus(Duration.ofDays(i % 60)).plus(Duration.ofHours(12));
            jdbc.update("""
                    insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, serial_number,
                        not_before, not_after, created_at, updated_at)
                    values (?, ?, 'EC_P256', 'ISSUED', ?, ?, ?, ?, ?, ?, ?)""",
                    id, PAGING_TENANT, uploaded ? "UPLOADED" : "ISSUED", !uploaded, Integer.toHexString(1000 + i),
                    Timestamp.from(now.minus(Duration.ofDays(30))), Timestamp.from(notAfter),
                    Timestamp.from(now.minusSeconds(i)), Timestamp.from(now));
            jdbc.update("insert into certflow.certificate_domain (certificate_id, domain, position) values (?, ?, 0)",
                    id, String.format("row-%03d.consolepages.test", i));
        }
    }
}
