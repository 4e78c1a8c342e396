package io.certflow.autossl.log;

/** A run in the list of logs, with how many events its log holds. */
public record RunLogSummary(RunLogRun run, long events) {
}
