package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.autossl.log.RunLogCleanup;
import io.certflow.autossl.log.RunLogFiles;
import io.certflow.autossl.log.RunLogSettings;
import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.TenantUsers;

/**
 * AutoSSL run logs on PostgreSQL and over HTTP: written by the bean the runs call, listed and read by the tenant's
 * members in both formats, hidden from other tenants, and removed after the retention. The runs are rows inserted
 * here as a run leaves them (the runs' own tests read the logs of real runs).
 */
class AutoSslLogsIT extends CertflowIT {

    private static final String TENANT = "runlogsco";
    private static final String OTHER_TENANT = "runlogsother";
    private static final String MEMBER = "runlogsmia";
    private static final String MEMBER_PASSWORD = "runlogsmia-password-1";

    @Autowired
    IdentityService identityService;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RunLogFiles files;
    @Autowired
    RunLogSettings settings;
    @Autowired
    RunLogCleanup cleanup;

    ApiClient member;
    ApiClient stranger;

    @BeforeAll
    void users() {
        member = TenantUsers.memberOf(identityService, baseUrl(), TENANT, MEMBER, MEMBER_PASSWORD);
        stranger = TenantUsers.administratorOf(identityService, baseUrl(), OTHER_TENANT, "runlogsotto", "runlogsotto-password-1");
    }

    /** A run's row and its events as the run's steps store them; finished runs get their files as the run's end writes them. */
    private UUID run(String tenant, String state, Instant startedAt, Instant finishedAt, int events) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into certflow.autossl_run (id, tenant_id, account_name, reason, state, message, requested_by, paging_done,
                    accounts_total, accounts_checked, certificates_ordered, names_deferred, failures, started_at, finished_at)
                values (?, ?, 'alice', 'ACCOUNT', ?, null, ?, true, 1, 1, 1, 1, 0, ?, ?)""",
                id, tenant, state, MEMBER, Timestamp.from(startedAt), finishedAt == null ? null : Timestamp.from(finishedAt));
        for (int i = 0; i < events; i++) {
            jdbc.update("""
                    insert into certflow.autossl_event (run_id, tenant_id, at, account, name, level, message)
                    values (?, ?, ?, 'alice', ?, ?, ?)""",
                    id, tenant, Timestamp.from(startedAt.plusMillis(i)), "name-" + i + ".alice.test", i == 1 ? "WARN" : "INFO",
                    i == 1 ? "deferred: no DNS record" : "covered");
        }
        if (finishedAt != null) {
            files.write(id);
        }
        return id;
    }

    private long events(UUID runId) {
        return jdbc.queryForObject("select count(*) from certflow.autossl_event where run_id = ?", Long.class, runId);
    }

    @Test
    void aMemberListsTheTenantsRunLogsNewestFirstAndReadsEachInBothFormats() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID earlier = run(TENANT, "FINISHED", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(2)).plusSeconds(30), 3);
        UUID later = run(TENANT, "FAILED", now.minus(Duration.ofHours(1)), now.minus(Duration.ofHours(1)).plusSeconds(30), 2);
        run(OTHER_TENANT, "FINISHED", now, now.plusSeconds(1), 1);

        ApiClient.Response list = member.get("/api/autossl/logs?tenant=" + TENANT + "&size=200");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<JsonNode> items = StreamSupport.stream(list.json().path("items").spliterator(), false).toList();
        assertThat(items).extracting(item -> item.path("id").asText()).containsSubsequence(later.toString(), earlier.toString());
        JsonNode laterItem = items.stream().filter(item -> item.path("id").asText().equals(later.toString())).findFirst().orElseThrow();
        assertThat(laterItem.path("state").asText()).isEqualTo("FAILED");
        assertThat(laterItem.path("reason").asText()).isEqualTo("ACCOUNT");
        assertThat(laterItem.path("account").asText()).isEqualTo("alice");
        assertThat(laterItem.path("events").asLong()).isEqualTo(2);
        assertThat(Instant.parse(laterItem.path("startedAt").asText())).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(items).extracting(item -> item.path("tenant").asText()).containsOnly(TENANT);

        ApiClient.Response text = member.get("/api/autossl/logs/" + earlier + "?format=text");
        assertThat(text.status()).as(text.body()).isEqualTo(200);
        assertThat(text.contentType()).startsWith("text/plain");
        assertThat(text.body()).isEqualTo(Files.readString(settings.directory().resolve(earlier + ".log")));
        assertThat(text.body().lines()).hasSize(4);
        assertThat(text.body().lines().skip(2).findFirst().orElseThrow()).endsWith(" WARN  alice name-1.alice.test deferred: no DNS record");

        ApiClient.Response json = member.get("/api/autossl/logs/" + earlier + "?format=json");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        JsonNode log = json.json();
        assertThat(log.path("id").asText()).isEqualTo(earlier.toString());
        assertThat(log.path("tenant").asText()).isEqualTo(TENANT);
        assertThat(log.path("state").asText()).isEqualTo("FINISHED");
        assertThat(log.path("events")).hasSize(3);
        assertThat(log.path("events").get(1).path("level").asText()).isEqualTo("WARN");
        assertThat(log.path("events").get(1).path("name").asText()).isEqualTo("name-1.alice.test");
        assertThat(Instant.parse(log.path("events").get(1).path("time").asText())).isEqualTo(now.minus(Duration.ofHours(2)).plusMillis(1));
    }

    @Test
    void aRunStillRunningIsReadFromItsEventsSoFar() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID running = run(TENANT, "RUNNING", now, null, 2);
        assertThat(settings.directory().resolve(running + ".json")).doesNotExist();

        JsonNode log = member.get("/api/autossl/logs/" + running + "?format=json").json();
        String text = member.get("/api/autossl/logs/" + running).body();

        assertThat(log.path("state").asText()).isEqualTo("RUNNING");
        assertThat(log.path("finishedAt").isNull()).isTrue();
        assertThat(log.path("events")).hasSize(2);
        assertThat(text.lines()).hasSize(3).first().asString().contains("state=RUNNING");
    }

    @Test
    void anotherTenantsRunIsNotFoundAndItsListToo() {
        Instant now = Instant.now();
        UUID theirs = run(OTHER_TENANT, "FINISHED", now, now.plusSeconds(1), 1);

        ApiClient.Response read = member.get("/api/autossl/logs/" + theirs + "?format=json");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.json().path("detail").asText()).isEqualTo("AutoSSL run " + theirs + " does not exist");
        assertThat(member.get("/api/autossl/logs?tenant=" + OTHER_TENANT).status()).isEqualTo(404);
        assertThat(stranger.get("/api/autossl/logs/" + theirs + "?format=json").status()).as("its own tenant reads it").isEqualTo(200);
    }

    @Test
    void aRefusalIsProblemJsonEvenWhenTheCallerAskedForText() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/api/autossl/logs/" + UUID.randomUUID() + "?format=text"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((MEMBER + ":" + MEMBER_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(new ObjectMapper().readTree(response.body()).path("detail").asText()).endsWith("does not exist");
    }

    @Test
    void aFormatOtherThanTextOrJsonIsA400NamingTheParameter() {
        Instant now = Instant.now();
        UUID runId = run(TENANT, "FINISHED", now, now.plusSeconds(1), 1);

        ApiClient.Response response = member.get("/api/autossl/logs/" + runId + "?format=xml");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).isEqualTo("format: 'text' or 'json'");
        assertThat(member.get("/api/autossl/logs?tenant=" + TENANT + "&size=500").json().path("detail").asText())
                .isEqualTo("size: between 1 and 200");
        assertThat(member.get("/api/autossl/logs/not-a-run").status()).isEqualTo(400);
    }

    @Test
    void theCleanUpRemovesTheFilesAndEventsOfRunsPastTheRetentionAndKeepsYoungerAndRunningOnes() {
        Instant now = Instant.now();
        UUID old = run(TENANT, "FINISHED", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(2)).plusSeconds(60), 3);
        UUID young = run(TENANT, "FINISHED", now, now.plusSeconds(60), 3);
        UUID running = run(TENANT, "RUNNING", now.minus(Duration.ofDays(90)), null, 2);
        Path oldLog = settings.directory().resolve(old + ".log");
        assertThat(oldLog).exists();

        // 29 days on: the old run ended 31 days before, the young one 29.
        cleanup.cleanUp(now.plus(settings.retention()).minus(Duration.ofDays(1)));

        assertThat(oldLog).doesNotExist();
        assertThat(settings.directory().resolve(old + ".json")).doesNotExist();
        assertThat(events(old)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from certflow.autossl_run where id = ?", Long.class, old))
                .as("the run's row stays").isEqualTo(1);
        assertThat(settings.directory().resolve(young + ".json")).exists();
        assertThat(events(young)).isEqualTo(3);
        assertThat(events(running)).isEqualTo(2);
        assertThat(member.get("/api/autossl/logs/" + running + "?format=json").json().path("events")).hasSize(2);
    }
}
