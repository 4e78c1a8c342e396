package io.certflow.deployment;

import java.util.Arrays;
import java.util.List;

/** Where a deployment is; the API shows it, and each step of CertificateDeploymentProcess moves it on. */
public enum DeploymentState {
    /** Transient: accepted, its process has not reached the target yet. */
    PENDING,
    /** Transient: keeping a copy of what the target holds, then writing the new files. */
    WRITING,
    /** Transient: the target's reload command runs. */
    RELOADING,
    /** Transient: waiting, within the grace period, for the endpoint to serve the new certificate. */
    VERIFYING,
    /** Transient: the target gets back what it held before: restore, reload, and check the old certificate is served. */
    ROLLING_BACK,
    /** Final: the endpoint serves the new certificate (or, for a target without one, the reload succeeded). */
    DEPLOYED,
    /** Final: the reload failed or the new certificate was never served; the target holds and serves what it had. */
    ROLLED_BACK,
    /** Final: Certflow refused to touch the target (see the reason); nothing was written. */
    FAILED;

    private static final List<String> FINAL_NAMES = Arrays.stream(values()).filter(DeploymentState::isFinal).map(Enum::name).toList();

    public boolean isFinal() {
        return this == DEPLOYED || this == ROLLED_BACK || this == FAILED;
    }

    /** For queries that must never change a final row. */
    static List<String> finalNames() {
        return FINAL_NAMES;
    }
}
