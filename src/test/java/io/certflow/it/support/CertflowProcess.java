package io.certflow.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Certflow as a separate JVM, so a test can kill it (SIGKILL) and start it again on the same data. */
public final class CertflowProcess implements AutoCloseable {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;

    public CertflowProcess(int port, Path log, Map<String, String> environment, List<String> arguments) {
        this(port, log, environment, arguments, "768m");
    }

    /** @param maxHeap the JVM's -Xmx, e.g. {@code 512m} */
    public CertflowProcess(int port, Path log, Map<String, String> environment, List<String> arguments, String maxHeap) {
        this.port = port;
        this.log = log;
        this.environment = environment;
        this.command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                // As Certflow is run in production (Dockerfile, spring-boot:run): see the README's benchmark section.
                "-XX:+UseParallelGC",
                "-cp", classpath(),
                "io.certflow.CertflowApplication",
                "--server.port=" + port));
        this.command.addAll(arguments);
    }

    /**
     * The command-line arguments of a Certflow on the given PostgreSQL database, answering http-01
     * on loopback at {@code http01Port}, followed by {@code extra}.
     */
    public static List<String> onPostgres(PostgresServer.Database database, Path dataDir, int http01Port, String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--certflow.data-dir=" + dataDir,
                "--certflow.validation.http01.port=" + http01Port,
                "--certflow.validation.http01.bind-address=127.0.0.1"));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    /** Starts the JVM and waits until the API answers the given user, for at most {@code max}. */
    public void start(ApiClient client, Duration max) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Certflow exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (client.get("/api/issuers").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYetListening) {
                // keep waiting
            }
            sleep(250);
        }
        throw new IllegalStateException("Certflow did not answer on port " + port + " within " + max + ":\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no graceful job hand-over, exactly like a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public long pid() {
        return process.pid();
    }

    /** The peak resident set size of the JVM (VmHWM), as the kernel counts it. */
    public String peakMemory() {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> line.substring("VmHWM:".length()).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Surefire/Failsafe start the test JVM through a manifest-only jar; their own record of the
     * real class path is what the child JVM needs.
     */
    private static String classpath() {
        String real = System.getProperty("surefire.test.class.path");
        String path = real != null && !real.isBlank() ? real : System.getProperty("java.class.path");
        // An empty entry means the working directory, the project root, whose bpmn/ would be deployed twice.
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
