package io.certflow.autossl.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/** Logs are kept for the retention after their run ended, then removed: files and events, never the run's row. */
class RunLogCleanupTest {

    private static final Instant START = Instant.parse("2030-03-01T03:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path directory;

    private NamedParameterJdbcTemplate jdbc;
    private MutableClock clock;
    private RunLog log;
    private RunLogFiles files;
    private RunLogCleanup cleanup;
    private RunLogSettings settings;

    @BeforeEach
    void logs() {
        jdbc = InMemoryDatabase.migrated();
        RunLogStore store = new RunLogStore(jdbc);
        clock = new MutableClock(START);
        log = new RunLog(store, clock);
        settings = new RunLogSettings(directory, RETENTION);
        files = new RunLogFiles(store, settings);
        cleanup = new RunLogCleanup(store, files, settings, clock);
    }

    /** A run that started now and ended a minute later, with two events and both files written. */
    private UUID endedRun() {
        UUID runId = RunRows.insert(jdbc, "hosting", "RUNNING", clock.instant(), null);
        log.append(runId, "hosting", null, null, RunLogLevel.INFO, "run started");
        log.append(runId, "hosting", "alice", "alice.test", RunLogLevel.INFO, "covered");
        RunRows.finish(jdbc, runId, "FINISHED", clock.instant().plusSeconds(60), null);
        files.write(runId);
        return runId;
    }

    private boolean hasFiles(UUID runId) {
        return Files.exists(directory.resolve(runId + ".log")) && Files.exists(directory.resolve(runId + ".json"));
    }

    private boolean noFiles(UUID runId) {
        return !Files.exists(directory.resolve(runId + ".log")) && !Files.exists(directory.resolve(runId + ".json"));
    }

    private boolean runRowExists(UUID runId) {
        return jdbc.queryForObject("select count(*) from certflow.autossl_run where id = :id", new MapSqlParameterSource("id", runId),
                Long.class) == 1;
    }

    @Test
    void aRunThatEndedMoreThanTheRetentionAgoLosesItsFilesAndEventsButKeepsItsRow() {
        UUID old = endedRun();
        clock.advance(Duration.ofDays(20));
        UUID young = endedRun();

        clock.advance(Duration.ofDays(11));
        RunLogCleanup.Result result = cleanup.cleanUp(clock.instant());

        assertThat(noFiles(old)).as("the files of the run that ended 31 days ago").isTrue();
        assertThat(RunRows.events(jdbc, old)).isZero();
        assertThat(runRowExists(old)).as("the run's row stays for the status").isTrue();
        assertThat(hasFiles(young)).as("the run that ended 11 days ago keeps its files").isTrue();
        assertThat(RunRows.events(jdbc, young)).isEqualTo(2);
        assertThat(result).isEqualTo(new RunLogCleanup.Result(1, 2));
    }

    @Test
    void aRunStillRunningIsNeverRemovedHoweverLongAgoItStarted() {
        UUID running = RunRows.insert(jdbc, "hosting", "RUNNING", clock.instant(), null);
        log.append(running, "hosting", "alice", null, RunLogLevel.INFO, "checking");
        files.write(running);

        clock.advance(Duration.ofDays(400));
        cleanup.cleanUp(clock.instant());

        assertThat(RunRows.events(jdbc, running)).isEqualTo(1);
        assertThat(hasFiles(running)).isTrue();
    }

    @Test
    void theScheduledCleanUpGoesByTheApplicationsClock() {
        UUID old = endedRun();

        clock.advance(Duration.ofDays(29));
        cleanup.scheduled();
        assertThat(hasFiles(old)).as("29 days after").isTrue();

        clock.advance(Duration.ofDays(2));
        cleanup.scheduled();
        assertThat(noFiles(old)).as("31 days after").isTrue();
        assertThat(RunRows.events(jdbc, old)).isZero();
    }

    @Test
    void twoNodesCleaningUpTheSameLogsOneAfterTheOtherBothSucceed() {
        UUID old = endedRun();
        clock.advance(Duration.ofDays(31));
        RunLogCleanup otherNode = new RunLogCleanup(new RunLogStore(jdbc), files, settings, clock);

        cleanup.cleanUp(clock.instant());
        RunLogCleanup.Result second = otherNode.cleanUp(clock.instant());

        assertThat(second).isEqualTo(new RunLogCleanup.Result(0, 0));
        assertThat(noFiles(old)).isTrue();
    }

    @Test
    void filesLeftWithoutEventsOrWithoutARunAreRemovedOnceOldAndOtherFilesAreNeverTouched() throws IOException {
        UUID eventsRemovedElsewhere = endedRun();
        jdbc.update("delete from certflow.autossl_event where run_id = :run", new MapSqlParameterSource("run", eventsRemovedElsewhere));
        Path orphan = Files.writeString(directory.resolve(UUID.randomUUID() + ".json"), "{}");
        Path crashedWrite = Files.writeString(directory.resolve(UUID.randomUUID() + ".log.123456.tmp"), "half");
        Path someoneElses = Files.writeString(directory.resolve("notes.txt"), "keep me");

        clock.advance(Duration.ofDays(31));
        cleanup.cleanUp(clock.instant());

        assertThat(noFiles(eventsRemovedElsewhere)).isTrue();
        assertThat(orphan).doesNotExist();
        assertThat(crashedWrite).doesNotExist();
        assertThat(someoneElses).exists();
    }

    @Test
    void aMissingLogDirectoryIsNoError() {
        RunLogCleanup elsewhere = new RunLogCleanup(new RunLogStore(jdbc), files,
                new RunLogSettings(directory.resolve("never-made"), RETENTION), clock);

        assertThat(elsewhere.cleanUp(clock.instant())).isEqualTo(new RunLogCleanup.Result(0, 0));
    }
}
