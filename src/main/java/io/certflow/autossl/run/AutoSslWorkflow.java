package io.certflow.autossl.run;

import java.time.Instant;

/** The engine, as the AutoSSL runs see it (implemented in workflow/). */
public interface AutoSslWorkflow {

    /** Starts AutoSslRunProcess for a run row written in the same transaction; returns the instance id. */
    String startRun(AutoSslRun run);

    /** Starts AutoSslAccountCheckProcess for a check row written in the same transaction; returns the instance id. */
    String startCheck(AutoSslCheck check, String accountName);

    /** When the nightly timer fires next, or null when it is not scheduled. */
    Instant nextScheduledRun();
}
