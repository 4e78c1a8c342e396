package io.certflow.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs bin/certflow (the command line, from the jar `mvn package` built: failsafe runs after packaging) as a user would. */
public final class CertflowCommand {

    /** How the command ended, and what it printed. */
    public record Outcome(int exit, String out, String err) {
    }

    private CertflowCommand() {
    }

    public static Outcome run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path launcher = Path.of("bin/certflow").toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is not executable");
        }
        Path out = Files.createTempFile("certflow-cli", ".out");
        Path err = Files.createTempFile("certflow-cli", ".err");
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("CERTFLOW_JAR");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("bin/certflow " + String.join(" ", args) + " did not end within 180 s");
        }
        try {
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
