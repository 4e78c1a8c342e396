package io.certflow.autossl.log;

import java.util.function.Consumer;

/** A run's events in order, handed out one at a time so that a log of any length is written without holding it. */
@FunctionalInterface
public interface RunLogEvents {

    void forEach(Consumer<RunLogEvent> action);
}
