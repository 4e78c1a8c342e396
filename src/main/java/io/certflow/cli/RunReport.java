package io.certflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** The lines the command line prints about a run, from GET /api/autossl/runs/{id}. */
final class RunReport {

    private RunReport() {
    }

    /** "RUNNING: 3 of 10 accounts checked, 2 certificates ordered, 1 name deferred, 0 failures": printed when it changes. */
    static String progress(JsonNode run) {
        return run.path("state").asText("?") + ": " + figures(run);
    }

    static String summary(JsonNode run) {
        StringBuilder line = new StringBuilder("AutoSSL run ").append(run.path("id").asText()).append(' ')
                .append(run.path("state").asText("?")).append(": ").append(figures(run));
        Duration took = took(run);
        if (took != null) {
            line.append(" in ").append(words(took));
        }
        String message = run.path("message").asText("");
        if (!message.isBlank()) {
            line.append("\n").append(message.replaceAll("\\p{Cntrl}", " "));
        }
        return line.toString();
    }

    private static String figures(JsonNode run) {
        return run.path("accountsChecked").asInt() + " of " + count(run.path("accountsTotal").asInt(), "account") + " checked, "
                + count(run.path("certificatesOrdered").asInt(), "certificate") + " ordered, "
                + count(run.path("namesDeferred").asInt(), "name") + " deferred, " + count(run.path("failures").asInt(), "failure");
    }

    private static String count(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static Duration took(JsonNode run) {
        try {
            return run.hasNonNull("startedAt") && run.hasNonNull("finishedAt")
                    ? Duration.between(Instant.parse(run.path("startedAt").asText()), Instant.parse(run.path("finishedAt").asText()))
                    : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** 45s, 3m 5s, 2h 0m. */
    static String words(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
