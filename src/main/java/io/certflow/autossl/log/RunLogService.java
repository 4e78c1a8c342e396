package io.certflow.autossl.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.Caller;

/** The run logs as the API lists and reads them: any member of the run's tenant. */
@Service
public class RunLogService {

    public static final int MAX_PAGE_SIZE = 200;
    static final int MAX_PAGE = 100_000;

    private final RunLogStore store;
    private final RunLogFiles files;
    private final RunLogSettings settings;
    private final TransactionTemplate readOnly;
    private final Clock clock;

    public RunLogService(RunLogStore store, RunLogFiles files, RunLogSettings settings, PlatformTransactionManager transactionManager,
                         Clock clock) {
        this.store = store;
        this.files = files;
        this.settings = settings;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.clock = clock;
    }

    /** The tenant's runs whose logs are kept (running, or ended within the retention), newest first. */
    public RunLogPage list(Caller caller, String tenant, int page, int size) {
        String tenantId = caller.tenantForNewRow(tenant);
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidRequestException("page: from 0 to " + MAX_PAGE);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size: between 1 and " + MAX_PAGE_SIZE);
        }
        return readOnly.execute(status -> {
            Instant keptSince = keptSince();
            List<RunLogRun> runs = store.listRuns(tenantId, keptSince, page * size, size);
            Map<UUID, Long> counts = store.eventCounts(runs.stream().map(RunLogRun::id).toList());
            List<RunLogSummary> items = runs.stream().map(run -> new RunLogSummary(run, counts.getOrDefault(run.id(), 0L))).toList();
            return new RunLogPage(items, page, size, store.countRuns(tenantId, keptSince));
        });
    }

    /**
     * The run's log in {@code format}: its file once the run wrote it, else (a run still running, a file not written
     * yet or kept on another node) the same format made from the events stored so far.
     *
     * @throws NotFoundException for another tenant's run as for a missing one, and for a log removed after the retention
     */
    public RunLogContent open(Caller caller, UUID runId, String format) {
        RunLogFormat chosen = RunLogFormat.parse(format);
        RunLogRun run = caller.requireVisible(store.findRun(runId), RunLogRun::tenantId, "AutoSSL run", runId);
        Optional<Path> file = files.existing(runId, chosen);
        if (file.isEmpty() && !run.running() && run.endedAt().isBefore(keptSince())) {
            throw new NotFoundException("Log of AutoSSL run", runId);
        }
        return new RunLogContent() {
            @Override
            public RunLogFormat format() {
                return chosen;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                if (file.isPresent() && copy(file.get(), out)) {
                    return;
                }
                render(runId, chosen, out);
            }
        };
    }

    /** False when the file went away since it was found (the clean-up on another node): it is then made from the rows. */
    private static boolean copy(Path file, OutputStream out) throws IOException {
        try {
            Files.copy(file, out);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void render(UUID runId, RunLogFormat format, OutputStream out) throws IOException {
        IOException[] failure = new IOException[1];
        readOnly.executeWithoutResult(status -> {
            RunLogRun current = store.findRun(runId).orElseThrow(() -> new NotFoundException("AutoSSL run", runId));
            try {
                RunLogWriter.write(format, current, action -> store.forEachEvent(runId, action), out);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private Instant keptSince() {
        return clock.instant().minus(settings.retention());
    }
}
