package io.certflow.autossl.log;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a run's log in either format. */
final class RunLogWriter {

    private RunLogWriter() {
    }

    static void write(RunLogFormat format, RunLogRun run, RunLogEvents events, OutputStream out) throws IOException {
        switch (format) {
            case TEXT -> TextRunLog.write(run, events, out);
            case JSON -> JsonRunLog.write(run, events, out);
        }
    }
}
