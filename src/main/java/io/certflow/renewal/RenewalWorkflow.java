package io.certflow.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.UUID;

/** Starts the renewal processes; implemented by the workflow layer, so this package needs no engine. */
public interface RenewalWorkflow {

    /** Starts AutoRenewalRunProcess for a run row written in the same transaction; returns the instance id. */
    String startRun(RenewalRun run);

    /** Starts CertificateRenewalProcess for a renewal row written in the same transaction, to begin at once; returns the instance id. */
    String startRenewal(Renewal renewal);

    /**
     * Starts CertificateRenewalProcess for each renewal, in order, to begin its work at {@code beginsAt};
     * returns the instance id of each by the renewal's id.
     */
    Map<UUID, String> startRenewals(List<Renewal> renewals, Instant beginsAt);

    /** When the daily timer fires next, or null when it is not scheduled. */
    Instant nextScheduledRun();
}
