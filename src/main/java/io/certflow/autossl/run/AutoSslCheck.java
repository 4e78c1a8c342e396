package io.certflow.autossl.run;

import java.time.Instant;
import java.util.UUID;

/** One account in one run: CHECKING (transient) until its certificates are issued or failed, then DONE or FAILED (final). */
public record AutoSslCheck(UUID id, UUID runId, String tenantId, UUID accountId, String state, int namesWanted, int namesCovered,
                           int certificatesOrdered, int namesDeferred, String message, String processInstanceId, Instant createdAt,
                           Instant finishedAt) {

    public static final String CHECKING = "CHECKING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
}
