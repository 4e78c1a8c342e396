package io.certflow.autossl.run;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.certflow.autossl.log.RunLog;
import io.certflow.autossl.log.RunLogFiles;
import io.certflow.autossl.log.RunLogLevel;
import io.certflow.notification.NotificationKind;

/**
 * How a run ends: FINISHED once it is through its accounts and its last check has ended, PAUSED when
 * it may not order, FAILED when it cannot check at all. Decided under the run's row lock, so that the
 * last two checks ending at once on two nodes end the run once; then its log files are written and the
 * administrators told.
 */
@Component
class RunEnd {

    private static final Logger log = LoggerFactory.getLogger(RunEnd.class);

    private final AutoSslRunStore store;
    private final RunLog runLog;
    private final RunLogFiles files;
    private final RunNotices notices;
    private final Clock clock;

    RunEnd(AutoSslRunStore store, RunLog runLog, RunLogFiles files, RunNotices notices, Clock clock) {
        this.store = store;
        this.runLog = runLog;
        this.files = files;
        this.notices = notices;
        this.clock = clock;
    }

    /** Ends the run FINISHED when it is through its accounts and none of its checks is still running. */
    void finishIfDone(UUID runId) {
        AutoSslRun run = store.lockRun(runId);
        if (run.state() != AutoSslRunState.RUNNING || !run.pagingDone() || store.countChecking(runId) > 0) {
            return;
        }
        String summary = run.accountsChecked() + " of " + run.accountsTotal() + " accounts checked, " + run.certificatesOrdered()
                + " certificates ordered, " + run.namesDeferred() + " names deferred, " + run.failures() + " failures";
        runLog.append(runId, run.tenantId(), run.accountName(), null, run.failures() > 0 ? RunLogLevel.ERROR : RunLogLevel.INFO,
                "AutoSSL run finished: " + summary);
        store.endRun(runId, AutoSslRunState.FINISHED, summary, clock.instant());
        end(store.findRun(runId).orElseThrow(), run.failures() > 0 ? NotificationKind.FAILURE : NotificationKind.SUCCESS,
                "AutoSSL run finished" + (run.failures() > 0 ? " with " + run.failures() + " failures" : ""), summary);
    }

    void pause(AutoSslRun run, String reason) {
        runLog.append(run.id(), run.tenantId(), run.accountName(), null, RunLogLevel.WARN, "AutoSSL is paused: " + reason);
        if (store.endRun(run.id(), AutoSslRunState.PAUSED, reason, clock.instant())) {
            end(store.findRun(run.id()).orElseThrow(), NotificationKind.WARNING, "AutoSSL is paused", reason);
        }
    }

    void fail(AutoSslRun run, String reason) {
        runLog.append(run.id(), run.tenantId(), run.accountName(), null, RunLogLevel.ERROR, "AutoSSL run failed: " + reason);
        if (store.endRun(run.id(), AutoSslRunState.FAILED, reason, clock.instant())) {
            end(store.findRun(run.id()).orElseThrow(), NotificationKind.FAILURE, "AutoSSL run failed", reason);
        }
    }

    private void end(AutoSslRun run, NotificationKind kind, String subject, String text) {
        writeFilesAfterCommit(run.id());
        log.info("AutoSSL run {} of tenant {} ended {}: {}", run.id(), run.tenantId(), run.state(), text);
        notices.runEnded(run, kind, subject, text);
    }

    /**
     * The log files of a run over thousands of accounts take seconds to write: after the end is
     * committed, so that no transaction (and no run's row lock) waits for the disk. A write that fails
     * loses nothing: the logs are read from the stored events while a file is missing.
     */
    private void writeFilesAfterCommit(UUID runId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            files.write(runId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    files.write(runId);
                } catch (RuntimeException e) {
                    log.warn("The log files of AutoSSL run {} were not written ({}); GET /api/autossl/logs/{} reads the stored events",
                            runId, e.getMessage(), runId);
                }
            }
        });
    }
}
