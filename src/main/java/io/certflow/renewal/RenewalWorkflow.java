package io.certflow.renewal;

import java.time.Instant;
import java.util.UUID;

/** Starts the renewal processes; implemented by the workflow layer, so this package needs no engine. */
public interface RenewalWorkflow {

    /** Starts AutoRenewalRunProcess for a run row written in the same transaction; returns the instance id. */
    String startRun(RenewalRun run);

    /**
     * Starts CertificateRenewalProcess for a renewal row written in the same transaction, to begin its
     * work at {@code beginsAt} (at once when that has passed); returns the instance id.
     */
    String startRenewal(Renewal renewal, Instant beginsAt);

    /** When the daily timer fires next, or null when it is not scheduled. */
    Instant nextScheduledRun();
}
