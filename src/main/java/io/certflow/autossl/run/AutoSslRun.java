package io.certflow.autossl.run;

import java.time.Instant;
import java.util.UUID;

/**
 * One AutoSSL run of a tenant, over all its accounts or one ({@code accountId}).
 *
 * @param accountsTotal       accounts the run started a check for
 * @param accountsChecked     of them, checks that ended
 * @param certificatesOrdered certificates the checks ordered
 * @param namesDeferred       names left out because their preflight failed
 * @param failures            certificates that failed to issue, and checks that failed
 */
public record AutoSslRun(UUID id, String tenantId, UUID accountId, String accountName, AutoSslRunReason reason, AutoSslRunState state,
                         String message, String requestedBy, String cursorName, boolean pagingDone, int accountsTotal, int accountsChecked,
                         int certificatesOrdered, int namesDeferred, int failures, String processInstanceId, Instant startedAt,
                         Instant finishedAt) {

    public static AutoSslRun start(String tenantId, UUID accountId, String accountName, AutoSslRunReason reason, String requestedBy,
                                   Instant now) {
        return new AutoSslRun(UUID.randomUUID(), tenantId, accountId, accountName, reason, AutoSslRunState.RUNNING, null, requestedBy,
                null, false, 0, 0, 0, 0, 0, null, now, null);
    }
}
