package io.certflow.autossl.log;

import java.io.IOException;
import java.io.OutputStream;

/** A run's log in one format, found and allowed, to be written to an answer. */
public interface RunLogContent {

    RunLogFormat format();

    void writeTo(OutputStream out) throws IOException;
}
