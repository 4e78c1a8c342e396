package io.certflow.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code certflow autossl check}: starts an AutoSSL run over the API, follows it and says how it went, in its output and
 * its exit code. A plain main without Spring, started by {@code bin/certflow} from Certflow's jar; see the README.
 */
public final class CertflowCli {

    static final int FINISHED = 0;
    static final int RUN_FAILED = 1;
    static final int USAGE_OR_HTTP_ERROR = 2;
    static final int TIMED_OUT = 3;

    static final String DEFAULT_URL = "http://localhost:8080";
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /** Waits between two polls; a test moves its clock instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Sleeper sleeper;

    CertflowCli(Map<String, String> environment, PrintStream out, PrintStream err, Clock clock, Sleeper sleeper) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static void main(String[] args) {
        int exit = new CertflowCli(System.getenv(), System.out, System.err, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()))
                .run(args);
        System.out.flush();
        System.exit(exit);
    }

    int run(String... args) {
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args);
        } catch (CliArguments.UsageException e) {
            err.println("certflow: " + e.getMessage());
            err.println(CliArguments.USAGE);
            return USAGE_OR_HTTP_ERROR;
        }
        if (arguments.help()) {
            out.println(CliArguments.USAGE);
            return FINISHED;
        }
        String user = environment.get("CERTFLOW_USER");
        String password = environment.get("CERTFLOW_PASSWORD");
        if (user == null || user.isBlank() || password == null) {
            err.println("certflow: set CERTFLOW_USER and CERTFLOW_PASSWORD to a Certflow user's name and password");
            return USAGE_OR_HTTP_ERROR;
        }
        URI base = baseUri(environment.getOrDefault("CERTFLOW_URL", DEFAULT_URL));
        if (base == null) {
            err.println("certflow: CERTFLOW_URL must be an http or https URL such as " + DEFAULT_URL);
            return USAGE_OR_HTTP_ERROR;
        }
        try {
            return follow(new CertflowApi(base, user, password), arguments);
        } catch (CertflowApi.ApiException e) {
            err.println("certflow: " + e.getMessage());
            return USAGE_OR_HTTP_ERROR;
        }
    }

    private int follow(CertflowApi api, CliArguments arguments) throws CertflowApi.ApiException {
        UUID id = api.startRun(arguments.tenant(), arguments.all() ? null : arguments.user());
        out.println("AutoSSL run " + id + " started for " + (arguments.all() ? "all accounts" : "account " + arguments.user())
                + (arguments.tenant() == null ? "" : " of tenant " + arguments.tenant()));
        Instant deadline = clock.instant().plus(arguments.timeout());
        String lastProgress = null;
        while (true) {
            JsonNode run = api.run(id);
            String progress = RunReport.progress(run);
            if (!progress.equals(lastProgress)) {
                out.println(progress);
                lastProgress = progress;
            }
            String state = run.path("state").asText();
            if (!state.equals("RUNNING")) {
                out.println(RunReport.summary(run));
                out.println("Log: " + api.uri("/api/autossl/logs/" + id + "?format=text"));
                return state.equals("FINISHED") && run.path("failures").asInt() == 0 ? FINISHED : RUN_FAILED;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                err.println("certflow: AutoSSL run " + id + " did not end within " + RunReport.words(arguments.timeout())
                        + "; it goes on in Certflow (GET " + api.uri("/api/autossl/runs/" + id) + ")");
                return TIMED_OUT;
            }
            try {
                sleeper.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("certflow: interrupted while AutoSSL run " + id + " was running; it goes on in Certflow");
                return TIMED_OUT;
            }
        }
    }

    private static URI baseUri(String url) {
        try {
            URI uri = URI.create(url.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            // No user:password@ (the password belongs in CERTFLOW_PASSWORD, not in messages that print the URL).
            return http && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
