package io.certflow.validation.http01;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certflow.config.CertflowProperties;
import io.certflow.validation.AuthorizationStatus;
import io.certflow.validation.DomainAuthorization;

/** The webroot mode: the token file a web server on port 80 serves appears on present and is gone after clean-up. */
class Http01SolverTest {

    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    private static final String KEY_AUTHORIZATION = TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    @TempDir
    Path webroot;

    @Test
    void theTokenFileHoldsTheKeyAuthorizationUnderTheWellKnownPathAndIsRemovedOnCleanUp() throws Exception {
        Http01Solver solver = solver(webroot);
        Path file = webroot.resolve(".well-known/acme-challenge/" + TOKEN);

        assertThat(solver.present(authorization())).as("published under the name itself").isNull();
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(KEY_AUTHORIZATION);

        solver.cleanUp(authorization());
        assertThat(file).doesNotExist();
        solver.cleanUp(authorization()); // a job may run twice after a crash
        assertThat(file).doesNotExist();
    }

    @Test
    void withoutAWebrootNothingIsWrittenAndTheCleanUpStaysInsideCertflow() throws Exception {
        Http01Solver solver = solver(null);

        solver.present(authorization());
        solver.cleanUp(authorization());

        assertThat(solver.cleansUpLocally()).isTrue();
        try (var files = Files.list(webroot)) {
            assertThat(files).isEmpty();
        }
    }

    private static Http01Solver solver(Path webroot) {
        CertflowProperties.Validation validation = new CertflowProperties.Validation(
                new CertflowProperties.Http01(5002, "127.0.0.1", webroot), Duration.ofSeconds(1), Duration.ofSeconds(3),
                new CertflowProperties.Dns01(Duration.ofSeconds(2), Duration.ofMinutes(10), 60));
        return new Http01Solver(new CertflowProperties(Path.of("data"), "default", null, null, validation, null, null, null));
    }

    private static DomainAuthorization authorization() {
        return new DomainAuthorization(UUID.randomUUID(), "default", UUID.randomUUID(), "www.example.test",
                "https://ca.test/authz/1", "http-01", "https://ca.test/chall/1", TOKEN, KEY_AUTHORIZATION,
                AuthorizationStatus.PRESENTED, null, null, Instant.now());
    }
}
