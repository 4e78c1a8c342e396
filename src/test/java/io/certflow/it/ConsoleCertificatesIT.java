package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.it.support.Browser;
import io.certflow.it.support.ConsoleBrowserIT;
import io.certflow.it.support.NginxServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.ServerCertificates;
import io.certflow.it.support.TenantUsers;

/**
 * A certificate's actions, the upload page and the expiry timeline in a real browser (Debian's headless
 * Chromium) against real servers: the private CA issues, nginx serves what a deployment wrote, and every
 * outcome is checked at the other side too (the API, the database, nginx).
 */
class ConsoleCertificatesIT extends ConsoleBrowserIT {

    private static final String TENANT = "consolecerts";
    private static final String OTHER_TENANT = "consolecertsother";
    private static final String TIMELINE_TENANT = "consolecertstime";
    private static final String ADMIN = "consolecertsadmin";
    private static final String MEMBER = "consolecertsmember";
    private static final String OTHER = "consolecertsoskar";
    private static final String TIMEKEEPER = "consolecertstina";
    private static final String PASSWORD = "consolecerts-password-1";
    private static final String CA = "consolecerts-ca";
    private static final String SITE = "www.consolecerts.test";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    ConsoleCertificatesIT() {
        super(PASSWORD);
    }

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient admin;
    private ApiClient member;
    private ApiClient other;
    private String othersCertificate;
    private NginxServer nginx;
    private String targetId;

    @BeforeAll
    void tenantsWithAPrivateCaAndAnNginxTarget() throws IOException {
        admin = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, ADMIN, PASSWORD);
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, MEMBER, PASSWORD);
        other = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, OTHER, PASSWORD);
        TenantUsers.administratorOf(identityService, baseUrl(), TIMELINE_TENANT, TIMEKEEPER, PASSWORD);
        assertThat(admin.post("/api/issuers", Map.of("name", CA, "type", "PRIVATE_CA")).status()).isEqualTo(201);
        assertThat(other.post("/api/issuers", Map.of("name", "consolecertsother-ca", "type", "PRIVATE_CA")).status()).isEqualTo(201);
        othersCertificate = issue(other, "secret.consolecertsother.test", "consolecertsother-ca");

        Path site = Files.createDirectories(RealServers.deploymentRoot().resolve("console-certificates-it/www"));
        ServerCertificates.newCa().issue(SITE).writePemFiles(site);
        nginx = NginxServer.builder().site(SITE, site).certificateDir(site).start();
        RealServers.useReloadCommand(nginx.reloadCommand());
        ApiClient.Response target = admin.post("/api/deployment-targets", Map.of("name", "consolecerts-www", "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", site.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                        "keyPath", site.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", SITE),
                "reloadCommand", "it-reload"));
        assertThat(target.status()).as(target.body()).isEqualTo(201);
        targetId = target.json().path("id").asText();
    }

    @AfterAll
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static String issue(ApiClient client, String name, String issuer) {
        ApiClient.Response accepted = client.post("/api/certificates", Map.of("domains", List.of(name), "issuer", issuer));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        assertThat(client.awaitFinal(id, WITHIN).path("status").asText()).isEqualTo("ISSUED");
        return id;
    }

    @Test
    void aCertificateRequestedFromThePrivateCaInTheFormIsSeenIssuedAndTheApiAndDatabaseHaveIt() {
        long before = certificatesOf(TENANT);
        Browser browser = browser(MEMBER);
        browser.open("/certificates");
        browser.clickAndWait("#request-certificate");
        browser.find("#domains").sendKeys("requested.consolecerts.test");
        new Select(browser.find("#issuer")).selectByVisibleText(CA);
        browser.clickAndWait("#submit-request");

        String id = idOnPage(browser);
        browser.reloadUntil(page -> page.find("#certificate-status").getText().equals("ISSUED"));
        JsonNode certificate = member.get("/api/certificates/" + id).json();
        assertThat(certificate.path("status").asText()).isEqualTo("ISSUED");
        assertThat(certificate.path("issuer").asText()).isEqualTo(CA);
        assertThat(certificate.path("domains").get(0).asText()).isEqualTo("requested.consolecerts.test");
        assertThat(certificatesOf(TENANT)).isEqualTo(before + 1);
    }

    @Test
    void anUploadWhoseKeyBelongsToAnotherCertificateIsRefusedWithTheProblemAtThePrivateKeyAndStoresNothing() {
        ServerCertificates ca = ServerCertificates.newCa();
        ServerCertificates.Issued leaf = ca.issue("mismatch.consolecerts.test");
        ServerCertificates.Issued another = ca.issue("another.consolecerts.test");
        long before = certificatesOf(TENANT);
        Browser browser = browser(MEMBER);
        browser.open("/certificates");
        browser.clickAndWait("#upload-certificate");
        paste(browser, "#certificate", leaf.certificatePem());
        paste(browser, "#chain", leaf.chainPem());
        paste(browser, "#privateKey", another.privateKeyPem());
        browser.clickAndWait("#submit-upload");

        assertThat(browser.path()).isEqualTo("/certificates/upload");
        assertThat(browser.find("#problems-privateKey").getText()).startsWith("privateKey: the private key does not belong to the leaf");
        assertThat(browser.findAll("#problems-certificate")).isEmpty();
        assertThat(browser.find("#certificate").getAttribute("value")).as("the certificate is kept as typed")
                .isEqualTo(leaf.certificatePem());
        assertThat(browser.find("#privateKey").getAttribute("value")).as("the key is not sent back").isEmpty();
        assertThat(certificatesOf(TENANT)).isEqualTo(before);

        browser.open("/certificates/upload");
        paste(browser, "#chain", leaf.chainPem());
        browser.clickAndWait("#submit-upload");
        assertThat(browser.find("#problems-certificate").getText()).startsWith("certificate: paste the certificate");
        assertThat(browser.find("#problems-privateKey").getText()).startsWith("privateKey: paste the private key");
        assertThat(certificatesOf(TENANT)).isEqualTo(before);
    }

    @Test
    void aGoodUploadWithItsKeyAsAFileOpensItsPageAsAnUploadThatCannotBeAutoManaged() throws Exception {
        ServerCertificates.Issued leaf = ServerCertificates.newCa().issue("uploaded.consolecerts.test");
        Path keyFile = Files.createTempFile("consolecerts-key", ".pem");
        Files.writeString(keyFile, leaf.privateKeyPem());
        Browser browser = browser(MEMBER);
        browser.open("/certificates/upload");
        paste(browser, "#certificate", leaf.certificatePem());
        paste(browser, "#chain", leaf.chainPem());
        browser.find("#private-key-file").sendKeys(keyFile.toString());
        browser.clickAndWait("#submit-upload");
        Files.delete(keyFile);

        String id = idOnPage(browser);
        assertThat(browser.find("#done").getText()).contains("uploaded");
        JsonNode certificate = member.get("/api/certificates/" + id).json();
        assertThat(certificate.path("source").asText()).isEqualTo("UPLOADED");
        assertThat(new BigInteger(certificate.path("serialNumber").asText(), 16)).isEqualTo(leaf.serial());
        assertThat(browser.findAll("#auto-management")).as("an upload cannot be turned auto-managed").isEmpty();
        assertThat(browser.find("#auto-management-unavailable").getText()).contains("cannot be auto-managed");

        // Posted anyway, it is the API's 409 and changes nothing.
        HttpResponse<String> forged = browser.send("POST", "/certificates/" + id + "/auto-management", "enabled=true&_csrf="
                + csrf(browser));
        assertThat(forged.statusCode()).isEqualTo(409);
        assertThat(member.get("/api/certificates/" + id).json().path("autoManaged").asBoolean()).isFalse();
    }

    @Test
    void autoManagementTurnedOffAndOnAgainOnTheCertificatesPageIsWhatTheApiSays() {
        String id = issue(admin, "managed.consolecerts.test", CA);
        Browser browser = browser(MEMBER);
        browser.open("/certificates/" + id);
        assertThat(browser.find("#auto-management").getText()).isEqualTo("Turn auto-management off");

        browser.clickAndWait("#auto-management");
        assertThat(browser.path()).isEqualTo("/certificates/" + id + "?done=not-auto-managed");
        assertThat(browser.find("#done").getText()).startsWith("Auto-management is off");
        assertThat(browser.findAll(".tag.auto-managed")).isEmpty();
        assertThat(member.get("/api/certificates/" + id).json().path("autoManaged").asBoolean()).isFalse();

        browser.clickAndWait("#auto-management");
        assertThat(browser.find("#done").getText()).startsWith("Auto-management is on");
        assertThat(browser.find(".tag.auto-managed").getText()).isEqualTo("Auto-Managed");
        assertThat(member.get("/api/certificates/" + id).json().path("autoManaged").asBoolean()).isTrue();
    }

    @Test
    void renewNowRenewsTheCertificateOnceItIsSupersededByItsSuccessorAndASecondClickIsRefused() throws Exception {
        String id = issue(admin, "renewed.consolecerts.test", CA);
        Browser browser = browser(MEMBER);
        browser.open("/certificates/" + id);
        String token = csrf(browser);
        browser.clickAndWait("#renew");

        assertThat(browser.path()).isEqualTo("/certificates/" + id + "?done=renewal-started");
        assertThat(browser.find("#done").getText()).startsWith("The renewal has started");
        browser.reloadUntil(page -> !page.findAll("#successor").isEmpty());
        assertThat(browser.find("#certificate-status").getText()).isEqualTo("SUPERSEDED");
        assertThat(browser.findAll("#renew")).as("a superseded certificate is not renewed again").isEmpty();
        String successor = browser.find("#successor").getText();
        JsonNode renewed = member.get("/api/certificates/" + successor).json();
        assertThat(renewed.path("status").asText()).isEqualTo("ISSUED");
        assertThat(renewed.path("predecessorId").asText()).isEqualTo(id);
        assertThat(renewed.path("domains").get(0).asText()).isEqualTo("renewed.consolecerts.test");
        assertThat(member.get("/api/certificates/" + id).json().path("status").asText()).isEqualTo("SUPERSEDED");

        assertThat(browser.send("POST", "/certificates/" + id + "/renew", "_csrf=" + token).statusCode())
                .as("a second Renew now, posted from the page as it was").isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from certflow.certificate where predecessor_id = ?::uuid", Long.class, id))
                .as("successors issued").isEqualTo(1);
    }

    @Test
    void replaceRequestsASuccessorFromTheIssuerChosenThatLinksBackToTheCertificateItReplaces() {
        String id = issue(admin, "replaced.consolecerts.test", CA);
        Browser browser = browser(MEMBER);
        browser.open("/certificates/" + id);
        assertThat(new Select(browser.find("#replace-issuer")).getFirstSelectedOption().getText()).as("its own issuer by default")
                .isEqualTo(CA);
        browser.clickAndWait("#replace");

        String successor = idOnPage(browser);
        assertThat(successor).isNotEqualTo(id);
        assertThat(browser.find("#done").getText()).startsWith("A successor was requested");
        browser.reloadUntil(page -> page.find("#certificate-status").getText().equals("ISSUED"));
        assertThat(browser.find("#predecessor").getAttribute("href")).endsWith("/certificates/" + id);
        JsonNode replaced = member.get("/api/certificates/" + successor).json();
        assertThat(replaced.path("status").asText()).isEqualTo("ISSUED");
        assertThat(replaced.path("predecessorId").asText()).isEqualTo(id);
        assertThat(replaced.path("domains").get(0).asText()).isEqualTo("replaced.consolecerts.test");
        assertThat(replaced.path("autoManaged").asBoolean()).isTrue();
    }

    @Test
    void deployingToATargetShowsTheOutcomeOnThePageAndNginxServesTheCertificate() throws Exception {
        String id = issue(admin, SITE, CA);
        BigInteger serial = new BigInteger(admin.get("/api/certificates/" + id).json().path("serialNumber").asText(), 16);
        Browser browser = browser(MEMBER);
        browser.open("/certificates/" + id);
        browser.clickAndWait("#deploy");
        assertThat(browser.find("#problems-targetId").getText()).as("no target chosen").startsWith("targetId: required");

        new Select(browser.find("#deploy-target")).selectByVisibleText("consolecerts-www");
        browser.clickAndWait("#deploy");
        assertThat(browser.path()).isEqualTo("/certificates/" + id + "?done=deployment-started");
        browser.reloadUntil(page -> page.findAll("#deployments tr.deployment[data-state='DEPLOYED']").size() == 1);
        assertThat(browser.find("#deployments tr.deployment").getText()).contains("consolecerts-www", "DEPLOYED");

        assertThat(nginx.servedCertificate(SITE).getSerialNumber()).isEqualTo(serial);
        JsonNode deployments = member.get("/api/certificates/" + id + "/deployments").json().path("items");
        assertThat(deployments).hasSize(1);
        assertThat(deployments.get(0).path("state").asText()).isEqualTo("DEPLOYED");
        assertThat(deployments.get(0).path("targetId").asText()).isEqualTo(targetId);
    }

    @Test
    void theTimelineDrawsEachWeeksExpiriesSplitByWhetherCertflowRenewsThemAndAWeekOpensItsCertificates() {
        ApiClient timekeeper = new ApiClient(baseUrl(), TIMEKEEPER, PASSWORD);
        assertThat(timekeeper.put("/api/tenants/" + TIMELINE_TENANT + "/renewal-policy", Map.of("enabled", true)).status()).isEqualTo(200);
        jdbc.update("delete from certflow.certificate_domain where certificate_id in"
                + " (select id from certflow.certificate where tenant_id = ?)", TIMELINE_TENANT);
        jdbc.update("delete from certflow.certificate where tenant_id = ?", TIMELINE_TENANT);
        Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        // Week 0: two Certflow renews, one upload it will not; week 3: one not auto-managed; week 12: three renewed.
        insert("w0-a", "ISSUED", "ISSUED", true, today.plus(Duration.ofDays(2)));
        insert("w0-b", "ISSUED", "ISSUED", true, today.plus(Duration.ofDays(6)).plus(Duration.ofHours(20)));
        insert("w0-c", "ISSUED", "UPLOADED", false, today.plus(Duration.ofDays(4)));
        insert("w3-a", "ISSUED", "ISSUED", false, today.plus(Duration.ofDays(22)));
        for (String name : List.of("w12-a", "w12-b", "w12-c")) {
            insert(name, "ISSUED", "ISSUED", true, today.plus(Duration.ofDays(88)));
        }
        insert("replaced", "SUPERSEDED", "ISSUED", true, today.plus(Duration.ofDays(3)));
        insert("later", "ISSUED", "ISSUED", true, today.plus(Duration.ofDays(95)));

        Browser browser = browser(TIMEKEEPER);
        browser.open("/certificates");
        browser.clickAndWait("#expiry-timeline");
        assertThat(browser.path()).isEqualTo("/certificates/timeline");
        assertThat(browser.findAll("#timeline a.week")).hasSize(13);
        assertWeek(browser, 0, 2, 1);
        assertWeek(browser, 3, 0, 1);
        assertWeek(browser, 12, 3, 0);
        for (int week : List.of(1, 2, 4, 5, 6, 7, 8, 9, 10, 11)) {
            assertWeek(browser, week, 0, 0);
        }
        assertThat(browser.find("#total-renewed").getText()).isEqualTo("5");
        assertThat(browser.find("#total-not-renewed").getText()).isEqualTo("2");
        assertThat(browser.find("#week-0-renewed title").getAttribute("textContent")).endsWith(": 2 Certflow will renew");
        assertThat(browser.find("#week-0-not-renewed title").getAttribute("textContent")).endsWith(": 1 Certflow will not renew");
        assertThat(browser.find("#week-0-renewed").getAttribute("height")).as("2 of the fullest week's 3")
                .isEqualTo(String.valueOf(Math.round(2 * 220 / 3.0)));

        browser.screenshot(getClass().getSimpleName() + "-timeline");
        browser.clickAndWait("#week-0-renewed");
        assertThat(browser.path()).startsWith("/certificates?status=ISSUED&expiresFrom=" + LocalDate.now(ZoneOffset.UTC));
        assertThat(browser.find("#count").getText()).isEqualTo("3 certificates");
        assertThat(browser.findAll("tr.certificate td.names a")).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("w0-a.consolecertstime.test", "w0-b.consolecertstime.test", "w0-c.consolecertstime.test");
    }

    @Test
    void anotherTenantsCertificateAndItsActionsByUrlAreTheNotFoundPageAndChangeNothing() throws Exception {
        Browser browser = browser(MEMBER);
        browser.open("/certificates/" + othersCertificate);
        assertThat(browser.find("#error-title").getText()).isEqualTo("404 Not Found");
        assertThat(browser.pageText()).doesNotContain("secret.consolecertsother.test");

        browser.open("/certificates/upload");
        String token = csrf(browser);
        long theirCertificates = certificatesOf(OTHER_TENANT);
        String path = "/certificates/" + othersCertificate;
        assertThat(browser.send("POST", path + "/auto-management", "enabled=false&_csrf=" + token).statusCode()).isEqualTo(404);
        assertThat(browser.send("POST", path + "/renew", "_csrf=" + token).statusCode()).isEqualTo(404);
        assertThat(browser.send("POST", path + "/replace", "issuer=consolecertsother-ca&_csrf=" + token).statusCode()).isEqualTo(404);
        assertThat(browser.send("POST", path + "/deploy", "targetId=" + targetId + "&_csrf=" + token).statusCode()).isEqualTo(404);

        JsonNode theirs = other.get("/api/certificates/" + othersCertificate).json();
        assertThat(theirs.path("autoManaged").asBoolean()).isTrue();
        assertThat(other.get("/api/certificates/" + othersCertificate + "/deployments").json().path("total").asLong()).isZero();
        assertThat(certificatesOf(OTHER_TENANT)).as("no successor requested").isEqualTo(theirCertificates);
    }

    private void assertWeek(Browser browser, int week, long renewed, long notRenewed) {
        WebElement bar = browser.find("#week-" + week);
        assertThat(bar.getAttribute("data-renewed")).as("week %d renewed", week).isEqualTo(String.valueOf(renewed));
        assertThat(bar.getAttribute("data-not-renewed")).as("week %d not renewed", week).isEqualTo(String.valueOf(notRenewed));
        assertThat(browser.find("#week-" + week + "-count").getAttribute("textContent")).isEqualTo(String.valueOf(renewed + notRenewed));
        assertThat(browser.findAll("#week-" + week + "-renewed")).hasSize(renewed > 0 ? 1 : 0);
        assertThat(browser.findAll("#week-" + week + "-not-renewed")).hasSize(notRenewed > 0 ? 1 : 0);
    }

    /** A certificate row of the timeline's tenant, named {@code name}.consolecertstime.test, written straight into the database. */
    private void insert(String name, String status, String source, boolean autoManaged, Instant notAfter) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, serial_number,
                    not_before, not_after, created_at, updated_at)
                values (?, ?, 'EC_P256', ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, TIMELINE_TENANT, status, source, autoManaged, Long.toHexString(id.getMostSignificantBits() & Long.MAX_VALUE),
                Timestamp.from(now.minus(Duration.ofDays(30))), Timestamp.from(notAfter), Timestamp.from(now), Timestamp.from(now));
        jdbc.update("insert into certflow.certificate_domain (certificate_id, domain, position) values (?, ?, 0)",
                id, name + "." + TIMELINE_TENANT + ".test");
    }

    /** Types a PEM into a text area as a person pasting it would, without the browser typing it key by key. */
    private static void paste(Browser browser, String css, String text) {
        browser.script("arguments[0].value = arguments[1];", browser.find(css), text);
    }

    private static String idOnPage(Browser browser) {
        assertThat(browser.path()).matches("/certificates/[0-9a-f-]{36}(\\?.*)?");
        return browser.path().substring("/certificates/".length(), "/certificates/".length() + 36);
    }

    private long certificatesOf(String tenant) {
        Long count = jdbc.queryForObject("select count(*) from certflow.certificate where tenant_id = ?", Long.class, tenant);
        return count == null ? 0 : count;
    }

    private static String csrf(Browser browser) {
        return browser.find("input[name='_csrf']").getAttribute("value");
    }

}
