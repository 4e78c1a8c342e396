package io.certflow.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What NginxServer and SshServer share: running a command with a bound, stopping a process tree, finding binaries. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * Runs a command to its end, at most {@code timeout}. Output goes to a file rather than a pipe: reading a pipe
     * blocks for as long as the child keeps it open, which would make the bound meaningless.
     */
    static CommandResult run(List<String> command, Path outputDir, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile(outputDir, "command-", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(outputDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stopTree(process, Duration.ofSeconds(2));
                throw new IllegalStateException("Did not finish within " + timeout + ": " + String.join(" ", command)
                        + "\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new CommandResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temp file in a temp directory
                }
            }
        }
    }

    /** Like {@link #run} but fails with the output unless the command exits 0. */
    static String runOrFail(List<String> command, Path outputDir, Duration timeout) {
        CommandResult result = run(command, outputDir, timeout);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Exit code " + result.exitCode() + ": " + String.join(" ", command) + "\n"
                    + result.output());
        }
        return result.output();
    }

    /**
     * Stops a process and everything it started. The descendants are listed before the parent is signalled because a
     * dead parent's children are re-parented and can no longer be found from it: an nginx worker outlives a master
     * killed with SIGKILL, and sshd's per-connection children outlive the listener even on SIGTERM.
     */
    static void stopTree(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy(); // SIGTERM: nginx and sshd shut down cleanly (nginx stops its own workers)
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
    }

    /** Sends a signal ({@code "HUP"}) with the system's {@code kill}: the JDK can only send TERM and KILL. */
    static void signal(long pid, String signal, Path outputDir) {
        runOrFail(List.of("kill", "-" + signal, Long.toString(pid)), outputDir, Duration.ofSeconds(10));
    }

    /** Whether this JVM runs as root: then sshd and nginx need the settings that make them work as root. */
    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /**
     * An executable: the environment variable's value if set, else the first of the candidates that exists, else the
     * name looked up in PATH; fails naming the Debian package to install.
     */
    static String findBinary(String name, String envOverride, String debianPackage, String... candidates) {
        String override = System.getenv(envOverride);
        if (override != null && !override.isBlank()) {
            return override;
        }
        List<Path> places = new ArrayList<>();
        for (String candidate : candidates) {
            places.add(Path.of(candidate));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                places.add(Path.of(dir, name));
            }
        }
        for (Path place : places) {
            if (Files.isExecutable(place)) {
                return place.toString();
            }
        }
        throw new IllegalStateException("'" + name + "' not found (looked in " + places + "). The deployment tests need"
                + " Debian's '" + debianPackage + "' package: run .ci/run, or apt-get install " + debianPackage + ".");
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is a temp directory
        }
    }
}
