package io.certflow.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.error.LibraryMessages;

/**
 * Runs a reload command an administrator configured by name (certflow.deployment.reload-commands):
 * its argument list as it is, never through a shell, so nothing in it is expanded or interpreted.
 * <p>
 * Its standard input is closed, so a command that asks a question ends instead of waiting; standard
 * error goes with standard output into one stream, read while the command runs, so a chatty command
 * never blocks on a full pipe; only the first {@value #MAX_OUTPUT_BYTES} bytes are kept. A command that
 * runs longer than certflow.deployment.reload-timeout is killed together with the processes it started.
 * <p>
 * The environment is Certflow's own, because a reload command is written by the administrator for the
 * host Certflow runs on: it finds {@code nginx} or {@code systemctl} through PATH, and tools such as
 * systemctl or docker read their bus or socket addresses from variables the service was given. Certflow's
 * own settings (CERTFLOW_*, SPRING_*) are left out: among them are the key-encryption key and the
 * database password, which no reload command needs. The working directory is Certflow's data directory
 * (or / until it exists), so a command that writes relative files writes them to a known place.
 * <p>
 * The output is logged at DEBUG only: a failing command may print paths, configuration or worse.
 */
@Component
public class ReloadRunner {

    static final int MAX_OUTPUT_BYTES = 4096;
    /**
     * How long the output is still read after the command ended. A daemon the command started may keep
     * the output open for its whole life; the reload does not wait for it.
     */
    static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(1);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final List<String> CERTFLOW_VARIABLES = List.of("CERTFLOW_", "SPRING_");
    private static final Logger log = LoggerFactory.getLogger(ReloadRunner.class);

    private final DeploymentSettings settings;
    private final Path dataDir;

    @Autowired
    public ReloadRunner(DeploymentSettings settings, CertflowProperties properties) {
        this(settings, properties.dataDir());
    }

    ReloadRunner(DeploymentSettings settings, Path dataDir) {
        this.settings = settings;
        this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
    }

    /**
     * Runs the command configured under {@code commandName} and waits for it, at most the reload timeout
     * (plus the time to kill it). Throws {@link IllegalArgumentException} when no command has that name.
     */
    public ReloadResult run(String commandName) {
        List<String> arguments = settings.reloadCommands().get(commandName);
        if (arguments == null) {
            throw new IllegalArgumentException("no reload command named '" + commandName + "' is configured in"
                    + " certflow.deployment.reload-commands");
        }
        ProcessBuilder builder = new ProcessBuilder(arguments)
                .directory(workingDirectory().toFile())
                .redirectErrorStream(true);
        withoutCertflowSettings(builder.environment());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String reason = "the command could not be started: " + LibraryMessages.of(e);
            log.warn("Reload command '{}' could not be started", commandName);
            return new ReloadResult(-1, reason, false);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The command closed its input already; there is nothing it could read anyway.
        }
        BoundedOutput output = BoundedOutput.readInBackground(process.getInputStream(), "reload-output-" + commandName);
        boolean timedOut = !waitFor(process, settings.reloadTimeout(), commandName);
        if (timedOut) {
            killTree(process);
        }
        if (!output.awaitEnd(DRAIN_AFTER_EXIT)) {
            log.info("A process started by reload command '{}' keeps its output open; its output is read and discarded"
                    + " in the background until it closes it", commandName);
        }
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (timedOut) {
            log.warn("Reload command '{}' ran longer than {} and was killed with the processes it started", commandName,
                    settings.reloadTimeout());
        } else if (exitCode != 0) {
            log.warn("Reload command '{}' ended with exit code {} after {} ms", commandName, exitCode, millis);
        } else {
            log.info("Reload command '{}' ended with exit code 0 after {} ms", commandName, millis);
        }
        String text = output.text();
        log.debug("Output of reload command '{}': {}", commandName, text);
        return new ReloadResult(exitCode, text, timedOut);
    }

    private Path workingDirectory() {
        return dataDir != null && Files.isDirectory(dataDir) ? dataDir : Path.of("/");
    }

    static void withoutCertflowSettings(Map<String, String> environment) {
        environment.keySet().removeIf(name -> CERTFLOW_VARIABLES.stream()
                .anyMatch(prefix -> name.toUpperCase(Locale.ROOT).startsWith(prefix)));
    }

    /** True when the process ended within {@code timeout}. An interrupted wait kills it and says so. */
    private static boolean waitFor(Process process, Duration timeout, String commandName) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reload command '" + commandName
                    + "' ran; the command was killed");
        }
    }

    /**
     * Kills the process and everything it started. The descendants are listed first, because once the
     * process is gone they belong to init and can no longer be found through it. Only the process itself
     * is waited for: the runtime learns of other processes' end by polling, seconds late, and a SIGKILL
     * cannot be refused anyway; their end shows as the end of the output they shared.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("A killed reload command has not ended within {}", KILL_WAIT);
        }
    }

    /**
     * Reads a stream to its end on a thread of its own, keeping the first bytes and discarding the rest,
     * so that the writer never blocks and a command printing without end costs no memory.
     */
    static final class BoundedOutput implements Runnable {

        private final InputStream in;
        private final byte[] kept = new byte[MAX_OUTPUT_BYTES];
        private int length;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        private BoundedOutput(InputStream in) {
            this.in = in;
        }

        static BoundedOutput readInBackground(InputStream in, String threadName) {
            BoundedOutput output = new BoundedOutput(in);
            Thread reader = new Thread(output, threadName);
            reader.setDaemon(true);
            reader.start();
            return output;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    keep(buffer, read);
                }
            } catch (IOException e) {
                // The pipe broke: what was read so far is the output.
            } finally {
                ended.complete(null);
            }
        }

        private synchronized void keep(byte[] buffer, int read) {
            int room = kept.length - length;
            if (room > 0) {
                int taken = Math.min(room, read);
                System.arraycopy(buffer, 0, kept, length, taken);
                length += taken;
            }
        }

        /** Whether the stream ended within {@code max}. */
        boolean awaitEnd(Duration max) {
            try {
                ended.get(max.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }

        /** What was kept, without a character cut in half at the limit. */
        synchronized String text() {
            int end = length;
            if (end == kept.length) {
                end = wholeCharactersEnd(kept, end);
            }
            return new String(kept, 0, end, StandardCharsets.UTF_8);
        }

        /** The end of the last complete UTF-8 sequence in {@code bytes[0, end)}. */
        static int wholeCharactersEnd(byte[] bytes, int end) {
            int start = end;
            while (start > 0 && end - start < 4 && (bytes[start - 1] & 0xC0) == 0x80) {
                start--;
            }
            if (start == 0) {
                return end;
            }
            int lead = bytes[start - 1] & 0xFF;
            int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            return end - (start - 1) >= needed ? end : start - 1;
        }
    }
}
