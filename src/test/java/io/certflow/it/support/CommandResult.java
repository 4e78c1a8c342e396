package io.certflow.it.support;

/** How a command run by the harness ended: its exit code and its output (stdout and stderr together). */
public record CommandResult(int exitCode, String output) {
}
