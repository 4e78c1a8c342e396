package io.certflow.repository;

import java.util.UUID;

/** The processes behind a repository's irreversible steps; implemented in workflow/, so this package needs no engine. */
public interface ApplicationRepositoryWorkflow {

    /**
     * Starts RepositoryResetProcess. Confirmed in the call, the reset happens before this returns;
     * otherwise a Tasklist confirmation task waits. Returns the process instance id.
     */
    String startReset(UUID repositoryId, String tenantId, String name, boolean confirmed);

    /** Starts RepositoryDeleteProcess, which deletes a reset repository before this returns. */
    String startDelete(UUID repositoryId, String tenantId, String name);
}
