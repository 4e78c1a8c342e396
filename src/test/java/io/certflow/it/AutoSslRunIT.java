package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.it.support.ApiClient;
import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.it.support.CertflowCommand;
import io.certflow.it.support.CertflowCommand.Outcome;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.NginxServer;
import io.certflow.it.support.ServerCertificates;
import io.certflow.it.support.PebbleServer;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * AutoSSL runs against real servers: accounts whose names resolve through the test BIND to loopback
 * (zone autossl.test), issued by Pebble, which validates http-01 through the same BIND against Certflow's
 * responder. What is issued is counted at the CA (the serials Pebble issued), not in Certflow's rows.
 * The tests build on each other in order, as a hosting provider's nights do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoSslRunIT extends CertflowIT {

    private static final Duration WITHIN = Duration.ofSeconds(180);
    private static final String TENANT = "autosslrun";
    private static final String CONTACT = "gamma-owner@autossl.test";

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CertificateStore certificates;

    ApiClient administrator;
    PebbleServer pebble;

    @BeforeAll
    void aTenantWithAnAcmeProviderWhoseTermsAreAccepted() {
        pebble = RealServers.dnsPebble();
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "autosslrunadmin", "autosslrun-password-1");
        ApiClient.Response issuer = administrator.post("/api/issuers", Map.of("name", "hosting-ca", "type", "ACME",
                "directoryUrl", pebble.directoryUrl(), "termsOfServiceAgreed", true, "trustAnchorPem", pebble.trustAnchorPem()));
        assertThat(issuer.status()).as(issuer.body()).isEqualTo(201);
        ApiClient.Response provider = administrator.put("/api/autossl/provider", Map.of("provider", "hosting-ca", "acceptTerms", true));
        assertThat(provider.status()).as(provider.body()).isEqualTo(200);
    }

    private JsonNode awaitRunEnded(String runId) {
        return Awaitility.await("run " + runId).atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> administrator.get("/api/autossl/runs/" + runId).json(), run -> !run.path("state").asText().equals("RUNNING"));
    }

    private JsonNode runAll() {
        ApiClient.Response started = administrator.post("/api/autossl/runs", Map.of("all", true));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return awaitRunEnded(started.json().path("id").asText());
    }

    /** The run that creating {@code account} started. */
    private JsonNode awaitCreationRun(String account) {
        return Awaitility.await("the run of new account " + account).atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (JsonNode run : administrator.get("/api/autossl/runs?size=50").json().path("items")) {
                        if (run.path("account").asText().equals(account) && run.path("reason").asText().equals("ACCOUNT_CREATED")
                                && !run.path("state").asText().equals("RUNNING")) {
                            return run;
                        }
                    }
                    return null;
                }, java.util.Objects::nonNull);
    }

    private void createAccount(String name, List<Map<String, Object>> domains, String contact) {
        ApiClient.Response created = administrator.post("/api/accounts", Map.of("name", name, "contactEmail", contact, "domains", domains));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** The names of the tenant's issued AutoSSL certificates that are not replaced, one set per certificate. */
    private List<Set<String>> liveAutoSslCertificates() {
        List<Set<String>> certificates = new ArrayList<>();
        for (UUID id : jdbc.queryForList("""
                select id from certflow.certificate where tenant_id = ? and autossl_account_id is not null and status = 'ISSUED'""",
                UUID.class, TENANT)) {
            certificates.add(new HashSet<>(jdbc.queryForList("select domain from certflow.certificate_domain where certificate_id = ?",
                    String.class, id)));
        }
        return certificates;
    }

    private int issuedAtTheCa() throws Exception {
        return pebble.issuedSerials().size();
    }

    @Test
    @Order(1)
    void aNewAccountIsCheckedAtOnceAndEveryNameOfEveryServiceOfEachDomainIsCoveredByOneCertificatePerDomain() throws Exception {
        int before = issuedAtTheCa();

        createAccount("alpha", List.of(
                Map.of("name", "alpha.autossl.test", "services", List.of("WEB", "MAIL", "WEBDISK", "PANEL")),
                Map.of("name", "beta.autossl.test", "services", List.of("WEB"))), "alpha-owner@autossl.test");
        JsonNode run = awaitCreationRun("alpha");

        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("FINISHED");
        assertThat(run.path("certificatesOrdered").asInt()).isEqualTo(2);
        assertThat(run.path("failures").asInt()).isZero();
        assertThat(liveAutoSslCertificates()).containsExactlyInAnyOrder(
                Set.of("alpha.autossl.test", "www.alpha.autossl.test", "mail.alpha.autossl.test", "webdisk.alpha.autossl.test",
                        "cpanel.alpha.autossl.test", "webmail.alpha.autossl.test", "cpcalendars.alpha.autossl.test",
                        "cpcontacts.alpha.autossl.test"),
                Set.of("beta.autossl.test", "www.beta.autossl.test"));
        assertThat(issuedAtTheCa() - before).as("certificates Pebble issued").isEqualTo(2);
    }

    @Test
    @Order(2)
    void aSecondRunOverCoveredAccountsOrdersNothingAndChangesNothing() throws Exception {
        int before = issuedAtTheCa();
        List<Set<String>> certificates = liveAutoSslCertificates();

        JsonNode run = runAll();

        assertThat(run.path("state").asText()).isEqualTo("FINISHED");
        assertThat(run.path("accountsChecked").asInt()).isEqualTo(1);
        assertThat(run.path("certificatesOrdered").asInt()).isZero();
        assertThat(liveAutoSslCertificates()).containsExactlyInAnyOrderElementsOf(certificates);
        assertThat(issuedAtTheCa()).as("certificates Pebble issued").isEqualTo(before);
    }

    @Test
    @Order(3)
    void aNameWhoseHttpProbeFailsIsDeferredWithTheReasonAndTheAccountsOtherNamesAreIssued() throws Exception {
        int before = issuedAtTheCa();

        createAccount("gamma", List.of(Map.of("name", "mixed.autossl.test", "services", List.of("WEB", "MAIL"))), CONTACT);
        JsonNode run = awaitCreationRun("gamma");

        assertThat(run.path("state").asText()).isEqualTo("FINISHED");
        assertThat(run.path("namesDeferred").asInt()).isEqualTo(1);
        assertThat(run.path("certificatesOrdered").asInt()).isEqualTo(1);
        assertThat(liveAutoSslCertificates()).contains(Set.of("mixed.autossl.test", "www.mixed.autossl.test"));
        assertThat(issuedAtTheCa() - before).isEqualTo(1);
        String log = administrator.get("/api/autossl/logs/" + run.path("id").asText() + "?format=text").body();
        assertThat(log).contains("mail.mixed.autossl.test", "deferred", "127.0.0.2");
        List<MimeMessage> mails = Awaitility.await("the deferral mailed to the account's contact").atMost(WITHIN)
                .until(() -> RealServers.mailServer().receivedBy(CONTACT), received -> !received.isEmpty());
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).contains("deferred", "mail.mixed.autossl.test");
    }

    @Test
    @Order(4)
    void theDeferredNameIsTriedAgainOnTheNextRunWithoutOrderingTheCoveredOnesAgain() throws Exception {
        int before = issuedAtTheCa();

        JsonNode run = runAll();

        assertThat(run.path("namesDeferred").asInt()).isEqualTo(1);
        assertThat(run.path("certificatesOrdered").asInt()).isZero();
        assertThat(issuedAtTheCa()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void anOverrideToDisableStopsCoverageAndResetReturnsToTheDefault() {
        ApiClient.Response disabled = administrator.post("/api/autossl/overrides", Map.of("accounts", List.of("gamma"), "action", "DISABLE"));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

        assertThat(runAll().path("accountsTotal").asInt()).as("only alpha is checked").isEqualTo(1);

        assertThat(administrator.post("/api/autossl/overrides", Map.of("accounts", List.of("gamma"), "action", "RESET")).status())
                .isEqualTo(200);
        assertThat(runAll().path("accountsTotal").asInt()).as("gamma follows the default again").isEqualTo(2);
    }

    @Test
    @Order(6)
    void aChangeOfTheProvidersTermsPausesRunsUntilTheyAreAcceptedAgain() throws Exception {
        int before = issuedAtTheCa();
        jdbc.update("update certflow.issuer set terms_required_url = 'https://hosting-ca.test/terms-v2' where tenant_id = ? and name = ?",
                TENANT, "hosting-ca");
        try {
            JsonNode paused = runAll();

            assertThat(paused.path("state").asText()).isEqualTo("PAUSED");
            assertThat(paused.path("message").asText()).contains("terms");
            assertThat(administrator.get("/api/autossl/status").json().path("paused").asBoolean()).isTrue();
            assertThat(issuedAtTheCa()).isEqualTo(before);
            Outcome check = CertflowCommand.run(cli(), "autossl", "check", "--all");
            assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(1);
            assertThat(check.out()).contains("PAUSED", "terms");
        } finally {
            jdbc.update("update certflow.issuer set terms_required_url = terms_agreed_url where tenant_id = ? and name = ?", TENANT,
                    "hosting-ca");
        }
        assertThat(runAll().path("state").asText()).isEqualTo("FINISHED");
    }

    private Map<String, String> cli() {
        return Map.of("CERTFLOW_URL", baseUrl(), "CERTFLOW_USER", "autosslrunadmin", "CERTFLOW_PASSWORD", "autosslrun-password-1");
    }

    @Test
    @Order(7)
    void aCheckOfOneAccountChecksOnlyItAndAnUnknownAccountIsA400() {
        ApiClient.Response started = administrator.post("/api/autossl/runs", Map.of("account", "alpha"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode run = awaitRunEnded(started.json().path("id").asText());
        assertThat(run.path("accountsTotal").asInt()).isEqualTo(1);
        assertThat(run.path("account").asText()).isEqualTo("alpha");

        ApiClient.Response unknown = administrator.post("/api/autossl/runs", Map.of("account", "nobody"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("no account named 'nobody'");
        ApiClient.Response neither = administrator.post("/api/autossl/runs", Map.of());
        assertThat(neither.status()).isEqualTo(400);
    }

    @Test
    @Order(8)
    void theCommandLineChecksOneAccountAndAllPrintingProgressAndExitsZeroWhenTheRunFinishedWithoutFailures() throws Exception {
        Outcome one = CertflowCommand.run(cli(), "autossl", "check", "--user", "gamma");

        assertThat(one.exit()).as(one.out() + one.err()).isZero();
        assertThat(one.out()).contains("started for account gamma", "FINISHED");
        String runId = one.out().lines().findFirst().orElseThrow().split(" ")[2];
        JsonNode run = administrator.get("/api/autossl/runs/" + runId).json();
        assertThat(run.path("account").asText()).isEqualTo("gamma");
        assertThat(run.path("accountsTotal").asInt()).isEqualTo(1);

        Outcome all = CertflowCommand.run(cli(), "autossl", "check", "--all");
        assertThat(all.exit()).as(all.out() + all.err()).isZero();
        assertThat(all.out()).contains("started for all accounts", "FINISHED");
    }

    /** A certificate AutoSSL did not issue (as if uploaded) for {@code names}, valid for {@code days} more days. */
    private UUID notAutoSsl(List<String> names, int days) {
        UUID id = UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now();
        certificates.insert(new Certificate(id, TENANT, null, names, KeyType.DEFAULT, CertificateStatus.ISSUED, null, CertificateSource.UPLOADED,
                false, "0a" + Long.toHexString(now.toEpochMilli()), now.minus(Duration.ofDays(60)), now.plus(Duration.ofDays(days)), null, null,
                now, now, false, null));
        // The store writes validity when a chain is stored; an upload's chain is not the point here.
        jdbc.update("update certflow.certificate set not_before = ?, not_after = ? where id = ?",
                java.sql.Timestamp.from(now.minus(Duration.ofDays(60))), java.sql.Timestamp.from(now.plus(Duration.ofDays(days))), id);
        return id;
    }

    private void replaceNonAutoSsl(boolean on) {
        ApiClient.Response settings = administrator.put("/api/autossl/settings", Map.of("defaultEnabled", true, "replaceNonAutoSsl", on,
                "userLevel", "FAILURES_WARNINGS_DEFERRALS", "adminLevel", "FAILURES_WARNINGS_DEFERRALS"));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void withReplacingOnACertificateAutoSslDidNotIssueIsKeptWhileValidForTwentyDaysAndReplacedWhenItExpiresWithinTwo() throws Exception {
        replaceNonAutoSsl(true);
        UUID uploaded = notAutoSsl(List.of("delta.autossl.test", "www.delta.autossl.test"), 20);
        int before = issuedAtTheCa();

        createAccount("delta", List.of(Map.of("name", "delta.autossl.test", "services", List.of("WEB"))), "delta-owner@autossl.test");
        assertThat(awaitCreationRun("delta").path("certificatesOrdered").asInt()).as("valid for 20 days: kept").isZero();
        assertThat(issuedAtTheCa()).isEqualTo(before);

        jdbc.update("update certflow.certificate set not_after = ? where id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().plus(Duration.ofDays(2))), uploaded);
        ApiClient.Response started = administrator.post("/api/autossl/runs", Map.of("account", "delta"));
        JsonNode run = awaitRunEnded(started.json().path("id").asText());

        assertThat(run.path("certificatesOrdered").asInt()).as("expiring within three days: replaced").isEqualTo(1);
        assertThat(issuedAtTheCa() - before).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                select count(*) from certflow.certificate where predecessor_id = ? and autossl_account_id is not null and status = 'ISSUED'""",
                Long.class, uploaded)).as("the AutoSSL certificate in its place").isEqualTo(1);
    }

    @Test
    @Order(10)
    void withReplacingOffACertificateAutoSslDidNotIssueIsNeverReplacedEvenWhenItExpiresWithinTwoDays() throws Exception {
        replaceNonAutoSsl(false);
        notAutoSsl(List.of("epsilon.autossl.test", "www.epsilon.autossl.test"), 2);
        int before = issuedAtTheCa();

        createAccount("epsilon", List.of(Map.of("name", "epsilon.autossl.test", "services", List.of("WEB"))), "epsilon-owner@autossl.test");
        JsonNode run = awaitCreationRun("epsilon");

        assertThat(run.path("certificatesOrdered").asInt()).isZero();
        assertThat(issuedAtTheCa()).isEqualTo(before);
        assertThat(administrator.get("/api/autossl/logs/" + run.path("id").asText() + "?format=text").body())
                .contains("AutoSSL did not issue", "replacing those is off");
    }

    @Test
    @Order(11)
    void anAccountsCertificateIsDeployedToItsTargetAndTheTargetIsSeenServingIt() throws Exception {
        java.nio.file.Path site = java.nio.file.Files.createDirectories(RealServers.deploymentRoot().resolve("autossl-run-it/zeta"));
        ServerCertificates.newCa().issue("zeta.autossl.test").writePemFiles(site);
        try (NginxServer nginx = NginxServer.builder().site("zeta.autossl.test", site).certificateDir(site).start()) {
            RealServers.useReloadCommand(nginx.reloadCommand());
            ApiClient.Response target = administrator.post("/api/deployment-targets", Map.of("name", "zeta-web", "kind", "PEM_FILES",
                    "files", Map.of("fullChainPath", site.resolve(NginxServer.FULL_CHAIN_FILE).toString(),
                            "keyPath", site.resolve(NginxServer.PRIVATE_KEY_FILE).toString()),
                    "verify", Map.of("host", "127.0.0.1", "port", nginx.port(), "serverName", "zeta.autossl.test"),
                    "reloadCommand", "it-reload"));
            assertThat(target.status()).as(target.body()).isEqualTo(201);

            ApiClient.Response created = administrator.post("/api/accounts", Map.of("name", "zeta", "contactEmail", "zeta-owner@autossl.test",
                    "domains", List.of(Map.of("name", "zeta.autossl.test", "services", List.of("WEB"))),
                    "deploymentTargets", List.of(target.json().path("id").asText())));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(awaitCreationRun("zeta").path("certificatesOrdered").asInt()).isEqualTo(1);

            String serial = jdbc.queryForObject("""
                    select c.serial_number from certflow.certificate c join certflow.hosting_account a on a.id = c.autossl_account_id
                    where a.name = 'zeta' and c.status = 'ISSUED'""", String.class);
            Awaitility.await("nginx serves zeta's AutoSSL certificate").atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> nginx.servedCertificate("zeta.autossl.test").getSerialNumber(),
                            served -> served.equals(new java.math.BigInteger(serial, 16)));
        }
    }

    @Test
    @Order(12)
    void anotherTenantsRunsAndQueueAreNotFoundAndBadInputIsAProblemThatStartsNothing() {
        ApiClient other = TenantUsers.administratorOf(identityService, baseUrl(), "autosslrunother", "autosslrunotheradmin",
                "autosslrunother-password-1");
        String runId = administrator.get("/api/autossl/runs?size=1").json().path("items").get(0).path("id").asText();
        long runs = jdbc.queryForObject("select count(*) from certflow.autossl_run", Long.class);

        assertThat(other.get("/api/autossl/runs/" + runId).status()).isEqualTo(404);
        assertThat(other.post("/api/autossl/runs", Map.of("tenant", TENANT, "all", true)).status()).isEqualTo(404);
        assertThat(other.get("/api/autossl/pending-queue?tenant=" + TENANT).status()).isEqualTo(404);
        assertThat(other.get("/api/autossl/status?tenant=" + TENANT).status()).isEqualTo(404);

        ApiClient.Response notABoolean = administrator.post("/api/autossl/runs", "{\"all\": \"yes\"}");
        assertThat(notABoolean.status()).isEqualTo(400);
        assertThat(notABoolean.contentType()).startsWith("application/problem+json");
        ApiClient.Response badSort = administrator.get("/api/autossl/pending-queue?sort=serial");
        assertThat(badSort.status()).isEqualTo(400);
        assertThat(badSort.body()).contains("sort: one of");
        assertThat(administrator.get("/api/autossl/runs?size=500").status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from certflow.autossl_run", Long.class)).as("no run started").isEqualTo(runs);
    }
}
