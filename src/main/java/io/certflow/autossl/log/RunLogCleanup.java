package io.certflow.autossl.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the logs of runs that ended more than the retention ago: their two files and their events. The run rows stay
 * (they are small, and the status shows the last runs). Every node runs it, at the same time too: removing a file or
 * rows another node removed already is no error, and rows are removed run by run.
 */
@Component
public class RunLogCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(RunLogCleanup.class);
    private static final int BATCH = 100;
    /** What {@link RunLogFiles} writes: {@code <runId>.log}, {@code <runId>.json} and, while writing, {@code <that>.<n>.tmp}. */
    private static final Pattern LOG_FILE = Pattern.compile(
            "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.(?:log|json)(\\.[0-9]+\\.tmp)?");

    private final RunLogStore store;
    private final RunLogFiles files;
    private final RunLogSettings settings;
    private final Clock clock;

    public RunLogCleanup(RunLogStore store, RunLogFiles files, RunLogSettings settings, Clock clock) {
        this.store = store;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param runs runs whose events were removed; {@code files} files removed from this node's directory */
    public record Result(int runs, int files) {
    }

    @Scheduled(cron = "${certflow.autossl.log-cleanup-schedule:0 30 4 * * *}")
    void scheduled() {
        Result result = cleanUp(clock.instant());
        if (result.runs() > 0 || result.files() > 0) {
            LOG.info("AutoSSL log clean-up removed the events of {} runs and {} log files older than {}", result.runs(), result.files(),
                    settings.retention());
        }
    }

    /** Removes what ended before {@code now} minus the retention; a run still running is never touched. */
    public Result cleanUp(Instant now) {
        Instant cutoff = now.minus(settings.retention());
        int runs = 0;
        int removedFiles = 0;
        for (List<UUID> batch = store.endedBeforeWithEvents(cutoff, BATCH); !batch.isEmpty();
             batch = store.endedBeforeWithEvents(cutoff, BATCH)) {
            for (UUID runId : batch) {
                removedFiles += deleteFiles(runId);
                store.deleteEvents(runId);
                runs++;
            }
        }
        return new Result(runs, removedFiles + sweep(cutoff));
    }

    private int deleteFiles(UUID runId) {
        int removed = 0;
        for (RunLogFormat format : RunLogFormat.values()) {
            removed += delete(files.path(runId, format)) ? 1 : 0;
        }
        return removed;
    }

    /**
     * Files the loop above does not reach: of runs whose events are gone (removed by another node, whose directory is
     * not this one's), of runs no longer in the database, and temporary files a crash left behind.
     */
    private int sweep(Instant cutoff) {
        Path directory = settings.directory();
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Matcher matcher = LOG_FILE.matcher(entry.getFileName().toString());
                if (matcher.matches() && expired(UUID.fromString(matcher.group(1)), matcher.group(2) != null, entry, cutoff)
                        && delete(entry)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("AutoSSL log clean-up could not list {}: {}", directory, e.toString());
        }
        return removed;
    }

    private boolean expired(UUID runId, boolean temporary, Path file, Instant cutoff) throws IOException {
        Optional<RunLogRun> run = temporary ? Optional.empty() : store.findRun(runId);
        if (run.isPresent()) {
            return !run.get().running() && run.get().endedAt().isBefore(cutoff);
        }
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("AutoSSL log clean-up could not remove {}: {}", file, e.toString());
            return false;
        }
    }
}
