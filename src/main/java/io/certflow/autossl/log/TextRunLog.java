package io.certflow.autossl.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A run's log as text, for people and grep: a header line about the run, then one line per event,
 * {@code <time> <level> <account> <name> <message>}. Account and name are one word each ({@code -} when absent), so a
 * line splits into its five fields at its first four spaces; control characters become spaces, so every event stays
 * one line.
 */
final class TextRunLog {

    /** UTC, always with milliseconds, so that the lines' columns stay aligned. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private static final Pattern NOT_IN_A_WORD = Pattern.compile("[\\s\\p{Cntrl}]");
    private static final Pattern LINE_BREAKING = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

    private TextRunLog() {
    }

    static void write(RunLogRun run, RunLogEvents events, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        writer.write(header(run));
        writer.write('\n');
        try {
            events.forEach(event -> {
                try {
                    writer.write(line(event));
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    static String header(RunLogRun run) {
        StringBuilder line = new StringBuilder("# AutoSSL run ").append(run.id())
                .append(" tenant=").append(word(run.tenantId()))
                .append(" reason=").append(word(run.reason()))
                .append(" account=").append(word(run.accountName()))
                .append(" state=").append(word(run.state()))
                .append(" started=").append(time(run.startedAt()))
                .append(" finished=").append(time(run.finishedAt()))
                .append(" accountsTotal=").append(run.accountsTotal())
                .append(" accountsChecked=").append(run.accountsChecked())
                .append(" certificatesOrdered=").append(run.certificatesOrdered())
                .append(" namesDeferred=").append(run.namesDeferred())
                .append(" failures=").append(run.failures());
        if (run.message() != null && !run.message().isBlank()) {
            line.append(" message=").append(oneLine(run.message()));
        }
        return line.toString();
    }

    static String line(RunLogEvent event) {
        return time(event.at()) + ' ' + String.format("%-5s", event.level().name()) + ' ' + word(event.account()) + ' '
                + word(event.name()) + ' ' + oneLine(event.message());
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** A value that must stay one field: {@code -} when absent, blanks and control characters as {@code _}. */
    private static String word(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        return NOT_IN_A_WORD.matcher(value).replaceAll("_");
    }

    private static String oneLine(String text) {
        return text == null ? "" : LINE_BREAKING.matcher(text).replaceAll(" ");
    }
}
