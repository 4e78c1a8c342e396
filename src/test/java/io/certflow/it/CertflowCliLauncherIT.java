package io.certflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.certflow.it.support.CertflowCommand;
import io.certflow.it.support.CertflowCommand.Outcome;
import io.certflow.it.support.CertflowIT;
import io.certflow.it.support.TenantUsers;

/**
 * bin/certflow starts the command line from the jar `mvn package` built (failsafe runs after packaging) and talks to a
 * real Certflow. What a check prints for real runs: the AutoSSL run tests.
 */
class CertflowCliLauncherIT extends CertflowIT {

    @Autowired
    IdentityService identityService;

    private static Outcome certflow(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return CertflowCommand.run(environment, args);
    }

    @Test
    void theLauncherRunsTheCommandLineFromTheBuiltJarAndBadUsageExits2() throws Exception {
        Outcome outcome = certflow(Map.of(), "autossl", "check");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("certflow: give --all (every account) or --user NAME (one account)")
                .contains("Usage: certflow autossl check --all");
    }

    @Test
    void aWrongPasswordIsRefusedByCertflowAndTheCommandExits2WithItsDetail() throws Exception {
        // A user of its own: wrong passwords lock a user for a few seconds.
        TenantUsers.memberOf(identityService, baseUrl(), "runlogscli", "runlogscliuser", "runlogscliuser-password-1");

        Outcome outcome = certflow(Map.of("CERTFLOW_URL", baseUrl(), "CERTFLOW_USER", "runlogscliuser", "CERTFLOW_PASSWORD",
                "not-the-password"), "autossl", "check", "--all");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("certflow: POST /api/autossl/runs answered HTTP 401: Log in with HTTP Basic");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void anInstalledJarIsFoundThroughCertflowJar() throws Exception {
        Path jar;
        try (var jars = Files.list(Path.of("target"))) {
            jar = jars.filter(path -> path.getFileName().toString().matches("certflow-.*\\.jar")).findFirst().orElseThrow();
        }
        Path installed = Files.copy(jar, Files.createTempDirectory("certflow-installed").resolve("certflow.jar"));

        Outcome outcome = certflow(Map.of("CERTFLOW_JAR", installed.toString()), "--help");

        assertThat(outcome.exit()).isZero();
        assertThat(outcome.out()).contains("certflow autossl check --user NAME");
        assertThat(List.of(outcome.err())).containsExactly("");
        Files.delete(installed);
    }
}
