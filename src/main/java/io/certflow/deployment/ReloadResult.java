package io.certflow.deployment;

/**
 * How a reload command ended.
 *
 * @param exitCode the command's exit code; for a command killed after its timeout what the system
 *                 reports for it (128 + the signal); -1 when it could not be started at all (the output
 *                 says why), or when a killed command had still not ended
 * @param output   the first {@value ReloadRunner#MAX_OUTPUT_BYTES} bytes of standard output and standard
 *                 error together, as the command wrote them, decoded as UTF-8
 * @param timedOut whether the command ran longer than certflow.deployment.reload-timeout and was killed
 */
public record ReloadResult(int exitCode, String output, boolean timedOut) {

    /** Exited with 0 in time: the server was asked to read its files again. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** How it failed, for a person: "exited with 1: <the first line of its output>". */
    String failure() {
        String line = output == null ? "" : output.strip().lines().findFirst().orElse("");
        String shown = line.isEmpty() ? "" : ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
        return timedOut ? "ran too long and was stopped" + shown : "exited with " + exitCode + shown;
    }
}
