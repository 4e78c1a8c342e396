package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.certflow.autossl.AccountCreated;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.RealServers;
import io.certflow.it.support.TenantUsers;

/**
 * Hosting accounts over the API on PostgreSQL: what an account covers, what is refused (storing nothing), the search
 * and pages, changes, deletion (its AutoSSL certificates stay, no longer managed), overrides, and who may do what.
 */
class AutoSslAccountsIT extends CertflowIT {

    private static final String TENANT = "accountsco";
    private static final String OTHER_TENANT = "accountsother";

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    ApiClient administrator;
    ApiClient member;
    ApiClient otherAdministrator;
    String targetId;
    String otherTenantsTargetId;

    /** Every AccountCreated the application publishes, as a listener of the run would hear it. */
    final List<AccountCreated> created = new CopyOnWriteArrayList<>();
    final ApplicationListener<ApplicationEvent> listener = event -> {
        if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof AccountCreated account) {
            created.add(account);
        }
    };

    @BeforeAll
    void usersTargetsAndAListener() {
        administrator = TenantUsers.administratorOf(identityService, baseUrl(), TENANT, "accountsada", "accountsada-password-1");
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, "accountsmo", "accountsmo-password-1");
        otherAdministrator = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, "accountsoz", "accountsoz-password-1");
        targetId = target(administrator, "accounts-web");
        otherTenantsTargetId = target(otherAdministrator, "accounts-theirs");
        context.addApplicationListener(listener);
    }

    @AfterAll
    void noMoreListening() {
        context.removeApplicationListener(listener);
    }

    private static String target(ApiClient client, String name) {
        String dir = RealServers.deploymentRoot().resolve(name).toString();
        ApiClient.Response response = client.post("/api/deployment-targets", Map.of("name", name, "kind", "PEM_FILES",
                "files", Map.of("fullChainPath", dir + "/fullchain.pem", "keyPath", dir + "/privkey.pem")));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private static Map<String, Object> account(String name, String... domains) {
        List<Map<String, Object>> list = Stream.of(domains).<Map<String, Object>>map(domain -> Map.of("name", domain)).toList();
        return new HashMap<>(Map.of("name", name, "contactEmail", name + "@accounts.test", "domains", list));
    }

    private JsonNode create(Map<String, Object> body) {
        ApiClient.Response response = administrator.post("/api/accounts", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private long rows(String table) {
        return jdbc.queryForObject("select count(*) from certflow." + table + " where tenant_id = ?", Long.class, TENANT);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(field == null ? node.asText() : node.path(field).asText()));
        return texts;
    }

    @Test
    void anAccountWithEveryServiceIsCreatedWithEveryNameItCoversAndItsFirstRunIsAskedForOnce() {
        Map<String, Object> body = account("ada");
        body.put("domains", List.of(Map.of("name", "Ada.Accounts.Test", "documentRoot", "/home/ada/public_html",
                "services", List.of("WEB", "MAIL", "WEBDISK", "PANEL")), Map.of("name", "blog.ada.test")));
        body.put("deploymentTargets", List.of(targetId));

        ApiClient.Response response = administrator.post("/api/accounts", body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode account = response.json();
        String id = account.path("id").asText();
        assertThat(response.location()).endsWith("/api/accounts/" + id);
        assertThat(account.path("tenant").asText()).isEqualTo(TENANT);
        assertThat(texts(account.path("namesToCover"), null)).containsExactly("ada.accounts.test", "www.ada.accounts.test",
                "mail.ada.accounts.test", "webdisk.ada.accounts.test", "cpanel.ada.accounts.test", "webmail.ada.accounts.test",
                "cpcalendars.ada.accounts.test", "cpcontacts.ada.accounts.test", "blog.ada.test", "www.blog.ada.test");
        JsonNode first = account.path("domains").get(0);
        assertThat(first.path("documentRoot").asText()).isEqualTo("/home/ada/public_html");
        assertThat(texts(first.path("services"), null)).containsExactly("WEB", "MAIL", "WEBDISK", "PANEL");
        assertThat(texts(account.path("domains").get(1).path("services"), null)).as("services left out").containsExactly("WEB");
        assertThat(texts(account.path("deploymentTargets"), null)).containsExactly(targetId);
        assertThat(account.path("autoSsl").path("enabled").asBoolean()).isTrue();
        assertThat(account.path("autoSsl").path("source").asText()).isEqualTo("DEFAULT");
        assertThat(account.path("userLevel").asText()).isEqualTo("FAILURES_WARNINGS_DEFERRALS");
        assertThat(member.get("/api/accounts/" + id).json()).isEqualTo(account);
        assertThat(created).filteredOn(event -> event.accountId().toString().equals(id))
                .containsExactly(new AccountCreated(TENANT, UUID.fromString(id), "ada", "accountsada"));
    }

    static Stream<Arguments> refusedAccounts() {
        List<Map<String, Object>> tooMany = IntStream.range(0, 101).<Map<String, Object>>mapToObj(i -> Map.of("name", "s" + i + ".bad.test"))
                .toList();
        return Stream.of(
                Arguments.of("a name with a space", "name", "bad name", 400, "name: 1 to 100 letters"),
                Arguments.of("an address without @", "contactEmail", "bad.accounts.test", 400, "contactEmail: 'bad.accounts.test' is not"),
                Arguments.of("no domains", "domains", List.of(), 400, "domains: at least one domain"),
                Arguments.of("101 domains", "domains", tooMany, 400, "domains: at most 100 domains per account, not 101"),
                Arguments.of("a wildcard", "domains", List.of(Map.of("name", "*.bad.test")), 400, "domains[0].name: '*.bad.test' is a wildcard"),
                Arguments.of("a domain twice", "domains", List.of(Map.of("name", "bad.test"), Map.of("name", "BAD.test.")), 400,
                        "domains[1].name: 'bad.test' is given twice (also domains[0])"),
                Arguments.of("an unknown service", "domains", List.of(Map.of("name", "bad.test", "services", List.of("WEB", "FTP"))), 400,
                        "domains[0].services[1]: 'FTP' is not a service; one of WEB, MAIL, WEBDISK, PANEL"),
                Arguments.of("no services", "domains", List.of(Map.of("name", "bad.test", "services", List.of())), 400,
                        "domains[0].services: at least one of WEB, MAIL, WEBDISK, PANEL"),
                Arguments.of("a relative document root", "domains", List.of(Map.of("name", "bad.test", "documentRoot", "www")), 400,
                        "domains[0].documentRoot: 'www' is not absolute"),
                Arguments.of("a document root with ..", "domains", List.of(Map.of("name", "bad.test", "documentRoot", "/home/bad/../etc")),
                        400, "domains[0].documentRoot: '/home/bad/../etc' is not normalized"),
                Arguments.of("a document root of 1025 characters", "domains",
                        List.of(Map.of("name", "bad.test", "documentRoot", "/" + "d".repeat(1024))), 400,
                        "domains[0].documentRoot: at most 1024 characters"),
                Arguments.of("a service that is a number", "domains", List.of(Map.of("name", "bad.test", "services", List.of(1))), 400,
                        "services"),
                Arguments.of("an unknown target", "deploymentTargets", List.of("00000000-0000-0000-0000-000000000001"), 400,
                        "deploymentTargets[0]: tenant 'accountsco' has no deployment target 00000000-0000-0000-0000-000000000001"),
                Arguments.of("another tenant's target", "deploymentTargets", List.of("OTHER"), 400,
                        "deploymentTargets[0]: tenant 'accountsco' has no deployment target"),
                Arguments.of("an unknown field", "owner", "root", 400, "owner"),
                Arguments.of("an account name taken", "name", "taken", 409, "A hosting account named 'taken' exists already"),
                Arguments.of("a domain another account has", "domains", List.of(Map.of("name", "new.bad.test"), Map.of("name", "Taken.Test")),
                        409, "Another hosting account of tenant 'accountsco' has the domain 'taken.test' (account 'taken')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAccounts")
    void aRefusedAccountIsAProblemNamingTheFieldAndNothingIsStoredNorRun(String what, String field, Object value, int status,
                                                                       String detail) {
        if (administrator.get("/api/accounts?q=taken").json().path("total").asLong() == 0) {
            create(account("taken", "taken.test"));
        }
        Map<String, Object> body = account("refused", "refused.test");
        body.put(field, List.of("OTHER").equals(value) ? List.of(otherTenantsTargetId) : value);
        long accounts = rows("hosting_account");
        long domains = rows("account_domain");
        int events = created.size();

        ApiClient.Response response = administrator.post("/api/accounts", body);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(detail).doesNotContain("java.", "Exception");
        assertThat(rows("hosting_account")).isEqualTo(accounts);
        assertThat(rows("account_domain")).isEqualTo(domains);
        assertThat(created).hasSize(events);
    }

    @Test
    void theSearchFindsAccountsByPartOfTheirNameOrOfADomainAndPagesThroughThem() {
        create(account("searchkim", "kim-garden.test"));
        create(account("searchlee", "lee.test", "Flowers-GARDEN.test"));
        create(account("searchmay", "may.test"));

        JsonNode garden = member.get("/api/accounts?q=GARDEN&tenant=" + TENANT).json();
        assertThat(texts(garden.path("items"), "name")).containsExactly("searchkim", "searchlee");
        assertThat(texts(member.get("/api/accounts?q=SEARCHm").json().path("items"), "name")).containsExactly("searchmay");

        JsonNode second = member.get("/api/accounts?q=search&page=1&size=2").json();
        assertThat(texts(second.path("items"), "name")).containsExactly("searchmay");
        assertThat(second.path("total").asLong()).isEqualTo(3);
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(second.path("size").asInt()).isEqualTo(2);
        ApiClient.Response tooLarge = member.get("/api/accounts?size=201");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().path("detail").asText()).isEqualTo("size: between 1 and 200");
    }

    @Test
    void aPatchReplacesDomainsAndTargetsItNamesKeepsTheRestAndSetsOrClearsTheNotificationLevel() {
        Map<String, Object> body = account("patchpam", "pam.test", "old-pam.test");
        body.put("deploymentTargets", List.of(targetId));
        String id = create(body).path("id").asText();

        ApiClient.Response changed = administrator.patch("/api/accounts/" + id, Map.of(
                "domains", List.of(Map.of("name", "new-pam.test", "services", List.of("MAIL")), Map.of("name", "pam.test")),
                "deploymentTargets", List.of(), "notificationLevel", "ALL"));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(texts(changed.json().path("namesToCover"), null)).containsExactly("mail.new-pam.test", "pam.test", "www.pam.test");
        assertThat(changed.json().path("deploymentTargets").size()).isZero();
        assertThat(changed.json().path("notificationLevel").asText()).isEqualTo("ALL");
        assertThat(changed.json().path("contactEmail").asText()).isEqualTo("patchpam@accounts.test");
        assertThat(create(account("patchpia", "old-pam.test")).path("name").asText()).as("a domain let go is free").isEqualTo("patchpia");

        assertThat(administrator.patch("/api/accounts/" + id, "{\"contactEmail\": \"pam@accounts.test\"}").json()
                .path("notificationLevel").asText()).as("left out, kept").isEqualTo("ALL");
        JsonNode following = administrator.patch("/api/accounts/" + id, "{\"notificationLevel\": null}").json();
        assertThat(following.has("notificationLevel")).as("null follows the tenant").isFalse();
        assertThat(following.path("contactEmail").asText()).isEqualTo("pam@accounts.test");

        ApiClient.Response taken = administrator.patch("/api/accounts/" + id, Map.of("domains", List.of(Map.of("name", "old-pam.test"))));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().path("detail").asText()).contains("'old-pam.test' (account 'patchpia')");
        assertThat(texts(member.get("/api/accounts/" + id).json().path("domains"), "name")).containsExactly("new-pam.test", "pam.test");
    }

    @Test
    void anAccountCannotChooseANotificationLevelOnceTheAdministratorDisabledUserNotifications() {
        String id = create(account("levelluz", "luz.test")).path("id").asText();
        jdbc.update("""
                insert into certflow.autossl_settings (tenant_id, default_enabled, replace_non_autossl, user_level, admin_level, updated_at)
                values (?, true, false, 'DISABLED', 'FAILURES_WARNINGS_DEFERRALS', ?)""", OTHER_TENANT, Timestamp.from(Instant.now()));
        String otherId = createIn(otherAdministrator, account("levelolaf", "olaf.test"));

        ApiClient.Response refused = otherAdministrator.patch("/api/accounts/" + otherId, Map.of("notificationLevel", "ALL"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).startsWith("notificationLevel: the administrator disabled user notifications");
        assertThat(otherAdministrator.get("/api/accounts/" + otherId).json().path("userLevel").asText()).isEqualTo("DISABLED");
        assertThat(administrator.patch("/api/accounts/" + id, Map.of("notificationLevel", "FAILURES_ONLY")).json().path("userLevel")
                .asText()).as("in a tenant that did not disable them").isEqualTo("FAILURES_ONLY");
    }

    private static String createIn(ApiClient client, Map<String, Object> body) {
        ApiClient.Response response = client.post("/api/accounts", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    @Test
    void aDeletedAccountsCertificateStaysInTheInventoryNoLongerAutoManaged() {
        String id = create(account("deletedan", "dan.test")).path("id").asText();
        UUID certificate = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, not_before, not_after, created_at,
                    updated_at, autossl_account_id)
                values (?, ?, 'EC_P256', 'ISSUED', 'ISSUED', true, ?, ?, ?, ?, ?)""", certificate, TENANT, now,
                Timestamp.from(Instant.now().plusSeconds(90 * 86400L)), now, now, UUID.fromString(id));
        jdbc.update("insert into certflow.certificate_domain (certificate_id, domain, position) values (?, 'dan.test', 0)", certificate);

        ApiClient.Response deleted = administrator.delete("/api/accounts/" + id);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(administrator.get("/api/accounts/" + id).status()).isEqualTo(404);
        JsonNode kept = member.get("/api/certificates/" + certificate).json();
        assertThat(kept.path("status").asText()).isEqualTo("ISSUED");
        assertThat(kept.path("autoManaged").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select autossl_account_id from certflow.certificate where id = ?", UUID.class, certificate)).isNull();
        assertThat(administrator.post("/api/accounts", account("deletedan", "dan.test")).status()).as("name and domain free again")
                .isEqualTo(201);
    }

    private JsonNode setting(String name) {
        JsonNode items = member.get("/api/autossl/accounts?q=" + name).json().path("items");
        for (JsonNode item : items) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no account " + name + " in " + items);
    }

    @Test
    void overridesTurnAutoSslOnOrOffPerAccountAndResetReturnsToTheTenantsDefault() {
        create(account("overrideola", "ola.test"));
        create(account("overrideoli", "oli.test"));

        ApiClient.Response disabled = administrator.post("/api/autossl/overrides",
                Map.of("accounts", List.of("overrideola", "overrideoli"), "action", "DISABLE"));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(texts(disabled.json().path("accounts"), "enabled")).containsExactly("false", "false");
        assertThat(texts(disabled.json().path("accounts"), "source")).containsExactly("OVERRIDE", "OVERRIDE");
        assertThat(setting("overrideola").path("enabled").asBoolean()).isFalse();

        administrator.post("/api/autossl/overrides", Map.of("tenant", TENANT, "accounts", List.of("overrideoli"), "action", "ENABLE"));
        assertThat(setting("overrideoli").path("enabled").asBoolean()).isTrue();
        assertThat(setting("overrideoli").path("source").asText()).isEqualTo("OVERRIDE");

        ApiClient.Response reset = administrator.post("/api/autossl/overrides", Map.of("accounts", List.of("overrideola"), "action", "RESET"));
        assertThat(reset.json().path("accounts").get(0).path("source").asText()).isEqualTo("DEFAULT");
        assertThat(setting("overrideola").path("enabled").asBoolean()).isTrue();
        assertThat(setting("overrideola").path("source").asText()).isEqualTo("DEFAULT");
        assertThat(setting("overrideola").has("override")).isFalse();

        ApiClient.Response unknown = administrator.post("/api/autossl/overrides",
                Map.of("accounts", List.of("overrideola", "nosuchuser"), "action", "DISABLE"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asText())
                .isEqualTo("accounts: tenant 'accountsco' has no hosting account named 'nosuchuser'; nothing was changed");
        assertThat(setting("overrideola").path("source").asText()).as("nothing changed").isEqualTo("DEFAULT");
        List<String> tooMany = Collections.nCopies(1001, "overrideola");
        assertThat(administrator.post("/api/autossl/overrides", Map.of("accounts", tooMany, "action", "DISABLE")).json().path("detail")
                .asText()).isEqualTo("accounts: at most 1000 names per call, not 1001; send the rest in another call");
    }

    @Test
    void aMemberReadsAccountsAndSettingsButChangingThemIsForbiddenNamingTheRole() {
        String id = create(account("rolerita", "rita.test")).path("id").asText();

        List<ApiClient.Response> refused = List.of(
                member.post("/api/accounts", account("rolerob", "rob.test")),
                member.patch("/api/accounts/" + id, Map.of("contactEmail", "x@accounts.test")),
                member.delete("/api/accounts/" + id),
                member.post("/api/autossl/overrides", Map.of("accounts", List.of("rolerita"), "action", "DISABLE")));

        for (ApiClient.Response response : refused) {
            assertThat(response.status()).as(response.body()).isEqualTo(403);
            assertThat(response.json().path("detail").asText()).contains("Only an administrator of tenant 'accountsco'");
        }
        assertThat(member.get("/api/accounts/" + id).json().path("contactEmail").asText()).isEqualTo("rolerita@accounts.test");
        assertThat(member.get("/api/accounts?q=rolerob").json().path("total").asLong()).isZero();
        assertThat(setting("rolerita").path("source").asText()).isEqualTo("DEFAULT");
    }

    @Test
    void anotherTenantsAccountIsNotFound() {
        String id = create(account("hiddenhal", "hal.test")).path("id").asText();

        assertThat(otherAdministrator.get("/api/accounts/" + id).status()).isEqualTo(404);
        assertThat(otherAdministrator.patch("/api/accounts/" + id, Map.of("contactEmail", "x@accounts.test")).status()).isEqualTo(404);
        assertThat(otherAdministrator.delete("/api/accounts/" + id).status()).isEqualTo(404);
        assertThat(otherAdministrator.get("/api/accounts?tenant=" + TENANT).status()).isEqualTo(404);
        assertThat(otherAdministrator.get("/api/autossl/accounts?tenant=" + TENANT).status()).isEqualTo(404);
        assertThat(otherAdministrator.post("/api/autossl/overrides", Map.of("tenant", TENANT, "accounts", List.of("hiddenhal"),
                "action", "DISABLE")).status()).isEqualTo(404);
        assertThat(texts(otherAdministrator.get("/api/accounts?q=hiddenhal").json().path("items"), "name")).isEmpty();
        assertThat(member.get("/api/accounts/" + id).status()).isEqualTo(200);
    }

    @Test
    void eachCreatedAccountIsAnnouncedExactlyOnce() {
        int before = created.size();

        String first = create(account("eventeve", "eve.test")).path("id").asText();
        String second = create(account("eventeli", "eli.test")).path("id").asText();
        administrator.post("/api/accounts", account("eventeve", "eve2.test"));

        assertThat(created.subList(before, created.size())).extracting(event -> event.accountId().toString())
                .containsExactly(first, second);
    }
}
