package io.certflow.autossl.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

/**
 * A run's log as JSON, for programs: one object with the run's fields and {@code events}, one object per event
 * ({@code time, account, name, level, message}). Written as it is read, never built in memory. Every field is present,
 * null when it has no value. The README documents the format field by field.
 */
final class JsonRunLog {

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonRunLog() {
    }

    static void write(RunLogRun run, RunLogEvents events, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("id", run.id().toString());
            json.writeStringField("tenant", run.tenantId());
            json.writeStringField("account", run.accountName());
            json.writeStringField("reason", run.reason());
            json.writeStringField("state", run.state());
            json.writeStringField("message", run.message());
            json.writeStringField("requestedBy", run.requestedBy());
            json.writeStringField("startedAt", time(run.startedAt()));
            json.writeStringField("finishedAt", time(run.finishedAt()));
            json.writeNumberField("accountsTotal", run.accountsTotal());
            json.writeNumberField("accountsChecked", run.accountsChecked());
            json.writeNumberField("certificatesOrdered", run.certificatesOrdered());
            json.writeNumberField("namesDeferred", run.namesDeferred());
            json.writeNumberField("failures", run.failures());
            json.writeArrayFieldStart("events");
            try {
                events.forEach(event -> {
                    try {
                        json.writeStartObject();
                        json.writeStringField("time", time(event.at()));
                        json.writeStringField("account", event.account());
                        json.writeStringField("name", event.name());
                        json.writeStringField("level", event.level().name());
                        json.writeStringField("message", event.message());
                        json.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : TextRunLog.TIME.format(instant);
    }
}
