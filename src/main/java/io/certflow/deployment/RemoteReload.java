package io.certflow.deployment;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;

import io.certflow.error.TransientFault;

/**
 * Runs a configured reload command on an SSH target's host, over an exec channel: the arguments as
 * configured, each single-quoted for the remote account's shell ({@link RemoteCommand}), with standard
 * input closed, standard output and error kept together up to {@value ReloadRunner#MAX_OUTPUT_BYTES}
 * bytes. The command counts as ended when the server reports its exit status, even if a daemon it
 * started keeps the output open. One that runs longer than certflow.deployment.reload-timeout is sent
 * SIGKILL and the session is closed. OpenSSH honours the signal for every account but root (its root
 * sessions run without privilege separation, which signals need); there, and on servers that take no
 * signals, the closed session ends the command when it next writes.
 * <p>
 * The output is logged at DEBUG only, as on this host.
 */
final class RemoteReload {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Logger log = LoggerFactory.getLogger(RemoteReload.class);

    private RemoteReload() {
    }

    static ReloadResult run(SshConnection connection, String commandName, List<String> arguments, Duration timeout) {
        ChannelExec exec = connection.exec();
        BoundedSink output = new BoundedSink();
        exec.setCommand(RemoteCommand.line(arguments));
        exec.setInputStream(new ByteArrayInputStream(new byte[0]));
        exec.setOutputStream(output, true);
        exec.setErrStream(output, true);
        long started = System.nanoTime();
        try {
            exec.connect(connection.timeouts().connectMillis());
        } catch (JSchException e) {
            exec.disconnect();
            throw new TransientFault("Cannot start reload command '" + commandName + "' on " + connection.origin() + ": "
                    + SshConnector.reason(e), e);
        }
        try {
            boolean ended = await(() -> exec.getExitStatus() != -1 || exec.isClosed(), timeout);
            if (ended) {
                // The last output may still be on its way after the exit status.
                await(exec::isClosed, ReloadRunner.DRAIN_AFTER_EXIT);
            } else {
                kill(exec);
            }
            int exitCode = exec.getExitStatus();
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (!ended) {
                log.warn("Reload command '{}' on {} ran longer than {} and was killed", commandName, connection.origin(), timeout);
            } else if (exitCode != 0) {
                log.warn("Reload command '{}' on {} ended with exit code {} after {} ms", commandName, connection.origin(), exitCode,
                        millis);
            } else {
                log.info("Reload command '{}' on {} ended with exit code 0 after {} ms", commandName, connection.origin(), millis);
            }
            String text = output.text();
            log.debug("Output of reload command '{}' on {}: {}", commandName, connection.origin(), text);
            return new ReloadResult(exitCode, text, !ended);
        } finally {
            exec.disconnect();
        }
    }

    private static void kill(ChannelExec exec) {
        try {
            exec.sendSignal("KILL");
        } catch (Exception e) {
            // The server does not take signals, or the channel is gone: closing the session ends the command.
        }
    }

    /** Whether the condition held within {@code max}; the channel is polled, since JSch reports an exit by no event. */
    private static boolean await(java.util.function.BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a reload command ran on another host");
            }
        }
        return true;
    }

    /** Keeps the first bytes written to it and discards the rest, so a chatty command costs no memory. */
    static final class BoundedSink extends OutputStream {

        private final byte[] kept = new byte[ReloadRunner.MAX_OUTPUT_BYTES];
        private int length;

        @Override
        public synchronized void write(int b) {
            if (length < kept.length) {
                kept[length++] = (byte) b;
            }
        }

        @Override
        public synchronized void write(byte[] buffer, int offset, int count) {
            int taken = Math.min(kept.length - length, count);
            if (taken > 0) {
                System.arraycopy(buffer, offset, kept, length, taken);
                length += taken;
            }
        }

        /** What was kept, without a character cut in half at the limit. */
        synchronized String text() {
            int end = length == kept.length ? ReloadRunner.BoundedOutput.wholeCharactersEnd(kept, length) : length;
            return new String(kept, 0, end, StandardCharsets.UTF_8);
        }
    }
}
