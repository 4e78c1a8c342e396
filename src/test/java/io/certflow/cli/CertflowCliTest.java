package io.certflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.testing.MutableClock;

/**
 * {@code certflow autossl check} against a fake of the two calls it makes: what it sends, what it prints and how it
 * exits. The command against a real Certflow: CertflowCliLauncherIT and the AutoSSL run tests.
 */
class CertflowCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T03:00:00Z"));
    private final Map<String, String> environment = new HashMap<>();
    private FakeRunsApi api;
    private int sleeps;

    @BeforeEach
    void aCertflow() throws IOException {
        api = new FakeRunsApi();
        environment.put("CERTFLOW_URL", api.url());
        environment.put("CERTFLOW_USER", "panel");
        environment.put("CERTFLOW_PASSWORD", "panel-password");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Each poll's wait moves the clock on instead of waiting. */
    private int check(String... args) {
        CertflowCli cli = new CertflowCli(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock, duration -> {
            sleeps++;
            clock.advance(duration);
        });
        return cli.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkAllStartsARunForEveryAccountPrintsEachChangeOnceAndExits0WhenItFinishedWithoutFailures() throws IOException {
        api.then("RUNNING", 3, 0, 0, 0, 0, null).then("RUNNING", 3, 0, 0, 0, 0, null).then("RUNNING", 3, 2, 1, 0, 0, null)
                .then("FINISHED", 3, 3, 2, 1, 0, null);

        int exit = check("autossl", "check", "--all");

        assertThat(exit).isZero();
        assertThat(out().lines()).containsExactly(
                "AutoSSL run " + FakeRunsApi.RUN_ID + " started for all accounts",
                "RUNNING: 0 of 3 accounts checked, 0 certificates ordered, 0 names deferred, 0 failures",
                "RUNNING: 2 of 3 accounts checked, 1 certificate ordered, 0 names deferred, 0 failures",
                "FINISHED: 3 of 3 accounts checked, 2 certificates ordered, 1 name deferred, 0 failures",
                "AutoSSL run " + FakeRunsApi.RUN_ID + " FINISHED: 3 of 3 accounts checked, 2 certificates ordered, 1 name deferred,"
                        + " 0 failures in 2m 5s",
                "Log: " + api.url() + "/api/autossl/logs/" + FakeRunsApi.RUN_ID + "?format=text");
        FakeRunsApi.Request start = api.requests().get(0);
        assertThat(start.method() + " " + start.path()).isEqualTo("POST /api/autossl/runs");
        assertThat(new ObjectMapper().readTree(start.body())).isEqualTo(new ObjectMapper().readTree("{\"all\":true}"));
        assertThat(start.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "panel:panel-password".getBytes(StandardCharsets.UTF_8)));
        assertThat(api.requests()).hasSize(5);
        assertThat(sleeps).as("one wait of a second between two polls").isEqualTo(3);
    }

    @Test
    void checkUserStartsARunForThatAccountOfTheNamedTenant() throws IOException {
        api.then("FINISHED", 1, 1, 1, 0, 0, null);

        int exit = check("autossl", "check", "--user", "alice", "--tenant=hosting");

        assertThat(exit).isZero();
        assertThat(new ObjectMapper().readTree(api.requests().get(0).body()))
                .isEqualTo(new ObjectMapper().readTree("{\"tenant\":\"hosting\",\"account\":\"alice\"}"));
        assertThat(out()).startsWith("AutoSSL run " + FakeRunsApi.RUN_ID + " started for account alice of tenant hosting");
    }

    @Test
    void aRunThatFinishedWithFailuresExits1() {
        api.then("FINISHED", 3, 3, 1, 0, 2, "2 accounts failed");

        assertThat(check("autossl", "check", "--all")).isEqualTo(1);
        assertThat(out()).contains("FINISHED: 3 of 3 accounts checked, 1 certificate ordered, 0 names deferred, 2 failures",
                "\n2 accounts failed\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAILED", "PAUSED"})
    void aRunThatFailedOrPausedExits1AndSaysWhy(String state) {
        api.then("RUNNING", 3, 1, 0, 0, 0, null).then(state, 3, 1, 0, 0, 0, "the provider's terms of service changed");

        assertThat(check("autossl", "check", "--all")).isEqualTo(1);
        assertThat(out()).contains("AutoSSL run " + FakeRunsApi.RUN_ID + " " + state + ":", "the provider's terms of service changed");
    }

    @Test
    void aRefusedStartExits2AndPrintsTheProblemDetail() {
        api.refusesStart(404, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,\"detail\":\"Account nosuch does not exist\"}");

        assertThat(check("autossl", "check", "--user", "nosuch")).isEqualTo(2);
        assertThat(err()).isEqualTo("certflow: POST /api/autossl/runs answered HTTP 404: Account nosuch does not exist\n");
        assertThat(api.requests()).as("no poll of a run that did not start").hasSize(1);
    }

    @Test
    void aWrongPasswordExits2WithTheAnswersDetail() {
        api.refusesStart(401, "application/problem+json",
                "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Log in with HTTP Basic as a Certflow user\"}");

        assertThat(check("autossl", "check", "--all")).isEqualTo(2);
        assertThat(err()).contains("HTTP 401: Log in with HTTP Basic as a Certflow user");
    }

    @Test
    void anAnswerThatIsNotProblemJsonIsQuotedShortAndOnOneLine() {
        api.refusesStart(502, "text/html", "<html>\n<body>Bad gateway</body>\n</html>");

        assertThat(check("autossl", "check", "--all")).isEqualTo(2);
        assertThat(err()).isEqualTo("certflow: POST /api/autossl/runs answered HTTP 502: <html> <body>Bad gateway</body> </html>\n");
    }

    @Test
    void aCertflowThatCannotBeReachedExits2SayingWhere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        environment.put("CERTFLOW_URL", "http://127.0.0.1:" + closedPort);

        assertThat(check("autossl", "check", "--all")).isEqualTo(2);
        assertThat(err()).startsWith("certflow: POST /api/autossl/runs: cannot reach Certflow at http://127.0.0.1:" + closedPort);
    }

    @Test
    void aRunThatDoesNotEndWithinTheTimeoutExits3AndSaysItGoesOn() {
        api.then("RUNNING", 2000, 5, 0, 0, 0, null);

        int exit = check("autossl", "check", "--all", "--timeout", "PT10.5S");

        assertThat(exit).isEqualTo(3);
        assertThat(err()).contains("did not end within 10s; it goes on in Certflow");
        assertThat(sleeps).as("a poll a second for 10.5 seconds, the last wait shorter").isEqualTo(11);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-03-01T03:00:10.500Z"));
        assertThat(out().lines().filter(line -> line.startsWith("RUNNING"))).as("the figures never changed").hasSize(1);
    }

    @Test
    void theTimeoutIsAnHourUnlessGivenInSecondsMinutesHoursOrIso8601() throws CliArguments.UsageException {
        assertThat(CliArguments.parse("autossl", "check", "--all").timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(CliArguments.parse("autossl", "check", "--all", "--timeout", "45").timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(CliArguments.parse("autossl", "check", "--all", "--timeout=30m").timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(CliArguments.parse("autossl", "check", "--all", "--timeout", "2h").timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(CliArguments.parse("autossl", "check", "--all", "--timeout", "PT1H30M").timeout()).isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "autossl", "autossl list", "renew check --all", "autossl check", "autossl check --all --user alice",
            "autossl check --user", "autossl check --user --all", "autossl check --all --all", "autossl check --all --verbose",
            "autossl check --all --timeout soon", "autossl check --all --timeout 0", "autossl check --all=yes",
            "autossl check --user alice --user bob"})
    void badUsageExits2WithWhatIsWrongAndTheUsageAndCallsNothing(String commandLine) {
        int exit = check(commandLine.isEmpty() ? new String[0] : commandLine.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err()).startsWith("certflow: ").contains("Usage: certflow autossl check --all");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void theUsageSaysWhatIsWrongInWords() {
        check("autossl", "check", "--all", "--user", "alice");
        assertThat(err()).startsWith("certflow: give --all or --user NAME, not both\n");
    }

    @Test
    void missingCredentialsExit2NamingTheVariables() {
        environment.remove("CERTFLOW_PASSWORD");

        assertThat(check("autossl", "check", "--all")).isEqualTo(2);
        assertThat(err()).contains("set CERTFLOW_USER and CERTFLOW_PASSWORD");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aUrlWithAPasswordInItIsRefused() {
        environment.put("CERTFLOW_URL", "http://panel:secret@127.0.0.1:1");

        assertThat(check("autossl", "check", "--all")).isEqualTo(2);
        assertThat(err()).contains("CERTFLOW_URL must be an http or https URL").doesNotContain("secret");
    }

    @Test
    void helpPrintsTheUsageAndExits0() {
        assertThat(check("--help")).isZero();
        assertThat(out()).contains("certflow autossl check --user NAME");
    }
}
