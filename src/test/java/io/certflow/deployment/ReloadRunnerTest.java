package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Real commands, run as the argument lists an administrator configures. */
class ReloadRunnerTest {

    private static final String SH = "/bin/sh";

    @TempDir
    Path dataDir;

    private final List<Long> leftOver = new ArrayList<>();

    @AfterEach
    void killWhatATestLeftRunning() {
        leftOver.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private ReloadRunner runner(Duration timeout, Map<String, List<String>> commands) {
        return new ReloadRunner(new DeploymentSettings(null, commands, timeout), dataDir);
    }

    private ReloadResult run(Duration timeout, String... arguments) {
        return runner(timeout, Map.of("test", List.of(arguments))).run("test");
    }

    private ReloadResult run(String... arguments) {
        return run(Duration.ofSeconds(10), arguments);
    }

    @Test
    void aCommandThatSucceedsReportsExitCodeZeroAndNoOutput() {
        ReloadResult result = run("true");

        assertThat(result).isEqualTo(new ReloadResult(0, "", false));
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void aCommandThatFailsReportsItsExitCode() {
        ReloadResult result = run("false");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void standardOutputAndStandardErrorAreKeptTogetherWithTheExitCode() {
        ReloadResult result = run(SH, "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("out\nerr\n");
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void aCommandThatOverrunsItsTimeoutIsKilledAndReportedAsTimedOutSoon() {
        long started = System.nanoTime();
        ReloadResult result = run(Duration.ofSeconds(1), "sleep", "30");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofMillis(2500));
    }

    @Test
    void theProcessesAnOverrunningCommandStartedAreKilledWithIt() {
        // The shell prints its child's pid and waits for it; killing only the shell would leave the child.
        long started = System.nanoTime();
        ReloadResult result = run(Duration.ofSeconds(1), SH, "-c", "sleep 30 & echo $!; wait");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        long child = Long.parseLong(result.output().strip());
        leftOver.add(child);
        assertThat(result.timedOut()).isTrue();
        assertThat(took).isLessThan(Duration.ofMillis(2500));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(child).map(handle -> !handle.isAlive()).orElse(true));
    }

    @Test
    void aMegabyteOfOutputIsCutToFourKibibytesAndNeitherFillsMemoryNorBlocksTheCommand() {
        // Far more than a pipe holds (64 KiB): a runner that read nothing until the end would hang until the timeout.
        long started = System.nanoTime();
        ReloadResult result = run(Duration.ofSeconds(10), SH, "-c", "head -c 1048576 /dev/zero | tr '\\0' x; echo done >&2");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).hasSize(ReloadRunner.MAX_OUTPUT_BYTES).matches("x+");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCommandThatPrintsWithoutEndIsKilledAtItsTimeoutWithFourKibibytesKept() {
        ReloadResult result = run(Duration.ofSeconds(1), "yes");

        assertThat(result.timedOut()).isTrue();
        assertThat(result.output()).hasSize(ReloadRunner.MAX_OUTPUT_BYTES).startsWith("y\ny\n");
    }

    @Test
    void anArgumentThatLooksLikeShellIsPassedAsOneArgumentAndNothingInItRuns() throws IOException {
        Path victim = Files.writeString(dataDir.resolve("victim"), "still here");
        String hostile = "a; rm -f " + victim + " $(rm -f " + victim + ") `rm -f " + victim + "` * $HOME | rm -f " + victim;

        ReloadResult result = run("/bin/echo", hostile);

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).isEqualTo(hostile + "\n");
        assertThat(victim).hasContent("still here");
    }

    @Test
    void anUnknownCommandNameIsRefusedWithoutRunningAnything() {
        ReloadRunner runner = runner(Duration.ofSeconds(1), Map.of("nginx", List.of("true")));

        assertThatThrownBy(() -> runner.run("rm -rf /"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no reload command named 'rm -rf /' is configured in certflow.deployment.reload-commands");
    }

    @Test
    void aProgramThatDoesNotExistIsAFailedReloadThatSaysWhyInWords() {
        ReloadResult result = run("/nonexistent/reload-nginx", "now");

        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.output()).startsWith("the command could not be started: ")
                .contains("/nonexistent/reload-nginx").containsIgnoringCase("no such file")
                .doesNotContain("Exception").doesNotContain("java.");
    }

    @Test
    void aCommandThatReadsItsInputGetsItsEndAtOnceInsteadOfWaiting() {
        ReloadResult result = run(Duration.ofSeconds(5), SH, "-c", "read answer; echo \"read: $? '$answer'\"");

        assertThat(result.timedOut()).isFalse();
        assertThat(result.output()).isEqualTo("read: 1 ''\n");
    }

    @Test
    void aDaemonThatKeepsTheOutputOpenDoesNotHoldTheReload() {
        // Like a service start that leaves a daemon behind with the command's output: the command itself is done.
        long started = System.nanoTime();
        ReloadResult result = run(Duration.ofSeconds(20), SH, "-c", "sleep 30 & echo $!");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        leftOver.add(Long.parseLong(result.output().strip()));

        assertThat(result).isEqualTo(new ReloadResult(0, result.output(), false));
        assertThat(took).isLessThan(ReloadRunner.DRAIN_AFTER_EXIT.plusSeconds(2));
    }

    @Test
    void theCommandRunsInTheDataDirectoryOrInTheRootWhileThereIsNone() {
        assertThat(run("pwd").output()).isEqualTo(dataDir.toAbsolutePath() + "\n");

        ReloadRunner withoutDataDir = new ReloadRunner(new DeploymentSettings(null, Map.of("pwd", List.of("pwd")), null),
                dataDir.resolve("not-created-yet"));
        assertThat(withoutDataDir.run("pwd").output()).isEqualTo("/\n");
    }

    @Test
    void theCommandInheritsTheEnvironmentSoThatItFindsItsProgramsThroughPath() {
        ReloadResult result = run(SH, "-c", "echo \"$PATH\"");

        assertThat(result.output()).isEqualTo(System.getenv("PATH") + "\n");
    }

    @Test
    void certflowsOwnSettingsSuchAsTheKeyEncryptionKeyAreLeftOutOfTheEnvironment() {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin", "CERTFLOW_KEK", "secret",
                "SPRING_DATASOURCE_PASSWORD", "secret", "certflow_kek", "secret", "HOME", "/root"));

        ReloadRunner.withoutCertflowSettings(environment);

        assertThat(environment).containsOnlyKeys("PATH", "HOME");
    }

    @Test
    void theOutputIsNeverLoggedAboveDebug() {
        Logger logger = (Logger) LoggerFactory.getLogger(ReloadRunner.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level level = logger.getLevel();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
        try {
            run(SH, "-c", "echo password=hunter2; exit 1");
            run(Duration.ofSeconds(1), SH, "-c", "echo password=hunter2; exec sleep 30");
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }

        assertThat(events.list).filteredOn(event -> event.getFormattedMessage().contains("hunter2"))
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.DEBUG));
        assertThat(events.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO)).isNotEmpty();
    }

    @Test
    void outputCutAtTheLimitEndsWithAWholeCharacter() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[10];
        bytes[7] = euro[0];
        bytes[8] = euro[1];
        bytes[9] = euro[2];

        assertThat(ReloadRunner.BoundedOutput.wholeCharactersEnd(bytes, 10)).isEqualTo(10);
        assertThat(ReloadRunner.BoundedOutput.wholeCharactersEnd(bytes, 9)).isEqualTo(7);
        assertThat(ReloadRunner.BoundedOutput.wholeCharactersEnd(bytes, 8)).isEqualTo(7);
        assertThat(ReloadRunner.BoundedOutput.wholeCharactersEnd(bytes, 7)).isEqualTo(7);
    }

    @Test
    void aReloadCommandWithoutAProgramOrATimeoutOfZeroIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new DeploymentSettings(null, Map.of("nginx", List.of()), null))
                .hasMessageContaining("certflow.deployment.reload-commands.nginx must be a list of arguments");
        assertThatThrownBy(() -> new DeploymentSettings(null, null, Duration.ZERO))
                .hasMessageContaining("certflow.deployment.reload-timeout must be longer than zero");
        assertThat(new DeploymentSettings(null, null, null).reloadTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
