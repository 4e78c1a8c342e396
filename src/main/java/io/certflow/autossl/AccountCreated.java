package io.certflow.autossl;

import java.util.UUID;

/**
 * Published inside the transaction that creates a hosting account: a new account gets an AutoSSL run of its own.
 * A listener that starts work outside the database should wait for the commit (a rolled-back account never existed).
 *
 * @param requestedBy the user who created the account
 */
public record AccountCreated(String tenantId, UUID accountId, String accountName, String requestedBy) {
}
