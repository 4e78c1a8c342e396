package io.certflow.autossl.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** The logs as a tenant's members list and read them. Over HTTP and PostgreSQL: AutoSslLogsIT. */
class RunLogServiceTest {

    private static final Instant START = Instant.parse("2030-03-01T03:00:00Z");
    private static final Caller MEMBER = new Caller("mia", false, List.of("hosting"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private NamedParameterJdbcTemplate jdbc;
    private MutableClock clock;
    private RunLog log;
    private RunLogFiles files;
    private RunLogService service;

    @BeforeEach
    void logs() {
        jdbc = InMemoryDatabase.migrated();
        RunLogStore store = new RunLogStore(jdbc);
        clock = new MutableClock(START);
        log = new RunLog(store, clock);
        RunLogSettings settings = new RunLogSettings(directory, Duration.ofDays(30));
        files = new RunLogFiles(store, settings);
        service = new RunLogService(store, files, settings, new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource()),
                clock);
    }

    private UUID run(String tenant, String state, int events) {
        UUID runId = RunRows.insert(jdbc, tenant, "RUNNING", clock.instant(), null);
        for (int i = 0; i < events; i++) {
            log.append(runId, tenant, "account-" + i, null, RunLogLevel.INFO, "event " + i);
        }
        if (!state.equals("RUNNING")) {
            RunRows.finish(jdbc, runId, state, clock.instant().plusSeconds(30), null);
            files.write(runId);
        }
        return runId;
    }

    private String read(UUID runId, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        service.open(MEMBER, runId, format).writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theListShowsTheTenantsKeptRunsNewestFirstWithHowManyEventsEachHas() {
        UUID expired = run("hosting", "FINISHED", 1);
        clock.advance(Duration.ofDays(10));
        UUID older = run("hosting", "FAILED", 2);
        clock.advance(Duration.ofDays(21));
        UUID newer = run("hosting", "RUNNING", 3);
        run("other", "FINISHED", 1);

        RunLogPage page = service.list(MEMBER, null, 0, 50);

        assertThat(page.items()).extracting(summary -> summary.run().id(), summary -> summary.run().state(), RunLogSummary::events)
                .containsExactly(tuple(newer, "RUNNING", 3L),
                        tuple(older, "FAILED", 2L));
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items()).extracting(summary -> summary.run().id()).doesNotContain(expired);
    }

    @Test
    void theListIsPaged() {
        for (int i = 0; i < 3; i++) {
            run("hosting", "FINISHED", 0);
            clock.advance(Duration.ofHours(1));
        }

        RunLogPage second = service.list(MEMBER, "hosting", 1, 2);

        assertThat(second.items()).hasSize(1);
        assertThat(second.total()).isEqualTo(3);
    }

    @Test
    void aPageSizeOutsideOneTo200IsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> service.list(MEMBER, "hosting", 0, 201)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("size: between 1 and 200");
        assertThatThrownBy(() -> service.list(MEMBER, "hosting", -1, 20)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("page: ");
    }

    @Test
    void anotherTenantsListIsNotFound() {
        assertThatThrownBy(() -> service.list(MEMBER, "other", 0, 20)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFinishedRunIsReadFromItsFilesInEitherFormat() throws IOException {
        UUID runId = run("hosting", "FINISHED", 2);

        assertThat(read(runId, "text")).isEqualTo(Files.readString(directory.resolve(runId + ".log")));
        assertThat(read(runId, "json")).isEqualTo(Files.readString(directory.resolve(runId + ".json")));
        assertThat(service.open(MEMBER, runId, "json").format()).isEqualTo(RunLogFormat.JSON);
        assertThat(service.open(MEMBER, runId, null).format()).as("text unless asked").isEqualTo(RunLogFormat.TEXT);
    }

    @Test
    void aRunStillRunningIsReadFromItsEventsSoFarInTheSameFormats() throws IOException {
        UUID runId = run("hosting", "RUNNING", 2);

        String text = read(runId, "text");
        JsonNode json = JSON.readTree(read(runId, "json"));

        assertThat(text.lines()).hasSize(3);
        assertThat(text.lines().findFirst().orElseThrow()).contains("state=RUNNING", "finished=-");
        assertThat(json.path("state").asText()).isEqualTo("RUNNING");
        assertThat(json.path("finishedAt").isNull()).isTrue();
        assertThat(json.path("events")).extracting(event -> event.path("message").asText()).containsExactly("event 0", "event 1");
    }

    @Test
    void anotherTenantsRunIsNotFoundAsIfItDidNotExist() {
        UUID theirs = run("other", "FINISHED", 1);

        assertThatThrownBy(() -> service.open(MEMBER, theirs, "text")).isInstanceOf(NotFoundException.class)
                .hasMessage("AutoSSL run " + theirs + " does not exist");
        assertThatThrownBy(() -> service.open(MEMBER, UUID.randomUUID(), "text")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFormatOtherThanTextOrJsonIsRefusedNamingTheParameter() {
        UUID runId = run("hosting", "FINISHED", 1);

        assertThatThrownBy(() -> service.open(MEMBER, runId, "xml")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("format: 'text' or 'json'");
    }

    @Test
    void aLogRemovedAfterTheRetentionIsNotFound() {
        UUID runId = run("hosting", "FINISHED", 1);
        clock.advance(Duration.ofDays(31));
        new RunLogCleanup(new RunLogStore(jdbc), files, new RunLogSettings(directory, Duration.ofDays(30)), clock).cleanUp(clock.instant());

        assertThatThrownBy(() -> service.open(MEMBER, runId, "json")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Log of AutoSSL run");
    }
}
