package io.certflow.autossl.log;

import java.time.Instant;
import java.util.UUID;

/**
 * What a run's log says about the run itself: its row of autossl_run.
 *
 * @param accountName the account a one-account run checks, or null for a run over all accounts
 * @param state       RUNNING (transient); FINISHED, FAILED or PAUSED (final)
 */
public record RunLogRun(UUID id, String tenantId, String accountName, String reason, String state, String message, String requestedBy,
                        int accountsTotal, int accountsChecked, int certificatesOrdered, int namesDeferred, int failures,
                        Instant startedAt, Instant finishedAt) {

    public static final String RUNNING = "RUNNING";

    public boolean running() {
        return RUNNING.equals(state);
    }

    /** When the run ended; a run in a final state that never stamped its end counts from its start. */
    public Instant endedAt() {
        return finishedAt != null ? finishedAt : startedAt;
    }
}
