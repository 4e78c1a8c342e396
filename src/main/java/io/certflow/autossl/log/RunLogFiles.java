package io.certflow.autossl.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.error.NotFoundException;
import io.certflow.error.TransientFault;

/**
 * A run's log files, {@code <directory>/<runId>.log} (text) and {@code <runId>.json}. Their names come only from run ids
 * Certflow made, never from a request.
 */
@Component
public class RunLogFiles {

    private final RunLogStore store;
    private final RunLogSettings settings;

    public RunLogFiles(RunLogStore store, RunLogSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * Writes both files of the run from its row and its events, each to a temporary file first and then moved over the
     * old one, so that a reader sees the whole previous file or the whole new one. Safe to call again (a retried job,
     * a second node): the files are written anew. Reads through the caller's transaction when there is one.
     *
     * @throws TransientFault when a file cannot be written (a full disk, a directory not writable): worth a retry
     */
    @Transactional(readOnly = true)
    public void write(UUID runId) {
        RunLogRun run = store.findRun(runId).orElseThrow(() -> new NotFoundException("AutoSSL run", runId));
        try {
            Files.createDirectories(settings.directory());
            for (RunLogFormat format : RunLogFormat.values()) {
                writeAtomically(path(runId, format), out -> RunLogWriter.write(format, run, action -> store.forEachEvent(runId, action), out));
            }
        } catch (IOException e) {
            throw new TransientFault("The log of AutoSSL run " + runId + " could not be written to " + settings.directory() + ": " + e, e);
        }
    }

    /** The file, when it was written. */
    public Optional<Path> existing(UUID runId, RunLogFormat format) {
        Path path = path(runId, format);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** Removes both files; files already gone (another node removed them) are fine. */
    public void delete(UUID runId) throws IOException {
        for (RunLogFormat format : RunLogFormat.values()) {
            Files.deleteIfExists(path(runId, format));
        }
    }

    Path path(UUID runId, RunLogFormat format) {
        return settings.directory().resolve(runId + "." + format.extension());
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private void writeAtomically(Path target, Content content) throws IOException {
        // A name of its own per call: two writers of the same run (a retried job and its first try) never share one.
        Path temp = Files.createTempFile(settings.directory(), target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
