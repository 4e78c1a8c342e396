package io.certflow.web.console;

import java.util.UUID;

import io.certflow.autossl.log.RunLogRun;
import io.certflow.autossl.log.RunLogSummary;

/** One AutoSSL run in the Logs tab's list: when it started, why, how it ended, and what it did. */
public record RunRow(UUID id, String startedAt, String finishedAt, String trigger, String state, String figures, String message,
                     long events) {

    static RunRow of(RunLogSummary summary) {
        RunLogRun run = summary.run();
        String figures = run.accountsChecked() + " of " + run.accountsTotal() + " accounts checked, " + run.certificatesOrdered()
                + " ordered, " + run.namesDeferred() + " deferred, " + run.failures() + " failed";
        return new RunRow(run.id(), AutoSslWords.time(run.startedAt()), AutoSslWords.time(run.finishedAt()), AutoSslWords.trigger(run.reason(), run.accountName(),
                run.requestedBy()), run.state(), figures, run.message(), summary.events());
    }

    /** The class the outcome is shown in. */
    public String stateClass() {
        return switch (state) {
            case "FINISHED" -> "notice";
            case "RUNNING" -> "hint";
            default -> "error";
        };
    }
}
