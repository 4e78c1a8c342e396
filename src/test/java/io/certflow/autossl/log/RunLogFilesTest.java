package io.certflow.autossl.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** The two files of a run's log, as a program and a person read them. */
class RunLogFilesTest {

    private static final Instant START = Instant.parse("2030-03-01T03:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private NamedParameterJdbcTemplate jdbc;
    private MutableClock clock;
    private RunLog log;
    private RunLogFiles files;
    private UUID runId;

    @BeforeEach
    void aRunWithThreeEvents() {
        jdbc = InMemoryDatabase.migrated();
        RunLogStore store = new RunLogStore(jdbc);
        clock = new MutableClock(START);
        log = new RunLog(store, clock);
        files = new RunLogFiles(store, new RunLogSettings(directory.resolve("autossl-logs"), Duration.ofDays(30)));
        runId = RunRows.insert(jdbc, "hosting", "RUNNING", START, null);
        log.append(runId, "hosting", null, null, RunLogLevel.INFO, "run started: 2 accounts");
        clock.advance(Duration.ofMillis(1500));
        log.append(runId, "hosting", "alice", "mail.alice.test", RunLogLevel.WARN, "deferred: the http-01 probe\ngot no answer");
        clock.advance(Duration.ofSeconds(1));
        log.append(runId, "hosting", "bob", "bob.test", RunLogLevel.ERROR, "the CA refused the order");
        RunRows.finish(jdbc, runId, "FINISHED", START.plusSeconds(4), "2 accounts checked");
    }

    private Path file(String extension) {
        return directory.resolve("autossl-logs").resolve(runId + "." + extension);
    }

    @Test
    void theTextLogHasAHeaderAboutTheRunAndThenOneLinePerEventWithTimeLevelAccountNameAndMessage() throws IOException {
        files.write(runId);

        List<String> lines = Files.readAllLines(file("log"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("# AutoSSL run " + runId + " tenant=hosting reason=NIGHTLY account=- state=FINISHED"
                + " started=2030-03-01T03:00:00.000Z finished=2030-03-01T03:00:04.000Z accountsTotal=3 accountsChecked=3"
                + " certificatesOrdered=2 namesDeferred=1 failures=0 message=2 accounts checked");
        assertThat(lines.subList(1, 4)).containsExactly(
                "2030-03-01T03:00:00.000Z INFO  - - run started: 2 accounts",
                "2030-03-01T03:00:01.500Z WARN  alice mail.alice.test deferred: the http-01 probe got no answer",
                "2030-03-01T03:00:02.500Z ERROR bob bob.test the CA refused the order");
    }

    @Test
    void theJsonLogHasTheRunsFieldsAndOneObjectPerEventInOrder() throws IOException {
        files.write(runId);

        JsonNode json = JSON.readTree(file("json").toFile());
        assertThat(json.path("id").asText()).isEqualTo(runId.toString());
        assertThat(json.path("tenant").asText()).isEqualTo("hosting");
        assertThat(json.path("reason").asText()).isEqualTo("NIGHTLY");
        assertThat(json.path("state").asText()).isEqualTo("FINISHED");
        assertThat(json.path("account").isNull()).as("a run over all accounts names none").isTrue();
        assertThat(json.path("startedAt").asText()).isEqualTo("2030-03-01T03:00:00.000Z");
        assertThat(json.path("finishedAt").asText()).isEqualTo("2030-03-01T03:00:04.000Z");
        assertThat(json.path("accountsChecked").asInt()).isEqualTo(3);
        assertThat(json.path("certificatesOrdered").asInt()).isEqualTo(2);
        assertThat(json.path("namesDeferred").asInt()).isEqualTo(1);
        assertThat(json.path("failures").asInt()).isZero();
        assertThat(json.path("message").asText()).isEqualTo("2 accounts checked");
        JsonNode events = json.path("events");
        assertThat(events).hasSize(3);
        assertThat(events.get(1).path("time").asText()).isEqualTo("2030-03-01T03:00:01.500Z");
        assertThat(events.get(1).path("account").asText()).isEqualTo("alice");
        assertThat(events.get(1).path("name").asText()).isEqualTo("mail.alice.test");
        assertThat(events.get(1).path("level").asText()).isEqualTo("WARN");
        assertThat(events.get(1).path("message").asText()).as("the message as it was appended").isEqualTo(
                "deferred: the http-01 probe\ngot no answer");
        assertThat(events.get(0).path("account").isNull()).isTrue();
        assertThat(events.get(2).path("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void writingAgainReplacesBothFilesWithTheRunAsItIsNowAndLeavesNoTemporaryFile() throws IOException {
        files.write(runId);
        clock.advance(Duration.ofSeconds(5));
        log.append(runId, "hosting", "carol", null, RunLogLevel.INFO, "checked late");
        RunRows.finish(jdbc, runId, "FAILED", START.plusSeconds(10), "the provider's terms changed");

        files.write(runId);

        assertThat(Files.readAllLines(file("log"))).hasSize(5).first().asString().contains("state=FAILED");
        JsonNode json = JSON.readTree(file("json").toFile());
        assertThat(json.path("state").asText()).isEqualTo("FAILED");
        assertThat(json.path("events")).hasSize(4);
        try (var listing = Files.list(directory.resolve("autossl-logs"))) {
            assertThat(listing.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(runId + ".log", runId + ".json");
        }
    }

    @Test
    void aRunOfTensOfThousandsOfEventsIsWrittenWhole() throws IOException {
        // As 20,000 appends would leave them, in one statement.
        jdbc.update("""
                insert into certflow.autossl_event (run_id, tenant_id, at, account, name, level, message)
                select :run, 'hosting', :at, 'account-' || (x - 1), 'account-' || (x - 1) || '.test', 'INFO', 'covered'
                from system_range(1, 20000) order by x""", new MapSqlParameterSource("run", runId).addValue("at", Timestamp.from(START)));

        files.write(runId);

        try (var lines = Files.lines(file("log"))) {
            assertThat(lines.count()).isEqualTo(1 + 3 + 20_000);
        }
        try (InputStream in = Files.newInputStream(file("json"))) {
            JsonNode events = JSON.readTree(in).path("events");
            assertThat(events).hasSize(3 + 20_000);
            assertThat(events.get(3 + 19_999).path("account").asText()).isEqualTo("account-19999");
        }
    }

    @Test
    void theFilesAreUtf8() throws IOException {
        log.append(runId, "hosting", "dora", "xn--bcher-kva.test", RunLogLevel.INFO, "Bücher gedeckt ✓");

        files.write(runId);

        assertThat(new String(Files.readAllBytes(file("log")), StandardCharsets.UTF_8)).contains("Bücher gedeckt ✓");
        assertThat(JSON.readTree(file("json").toFile()).path("events").get(3).path("message").asText()).isEqualTo("Bücher gedeckt ✓");
    }
}
