package io.certflow.deployment;

import java.util.UUID;

/**
 * What the steps of a deployment do to one kind of target. Every method is one step of
 * {@code CertificateDeploymentProcess} and must be safe to run again after a crash: keeping a copy
 * twice keeps the first one, writing the same material twice changes nothing, restoring twice puts
 * back the same files.
 * <p>
 * A target a person must fix (a path out of the allowed roots, a changed host key, a file that is
 * not one) is a {@link io.certflow.error.BusinessFailure} with {@code DEPLOYMENT_REFUSED}; a fault
 * that may pass (disk full, connection refused) is any other exception, which the engine retries.
 */
public interface TargetAdapter {

    DeploymentTargetKind kind();

    /** Keeps what the target holds now, for a rollback; a copy kept already for this deployment is never replaced. */
    void keepCopy(UUID deploymentId, DeploymentTarget target);

    /** Writes the new certificate to the target, each file replaced whole. */
    void write(UUID deploymentId, DeploymentTarget target, DeployedMaterial material);

    /** Puts back what {@link #keepCopy} kept, and removes what did not exist before. */
    void restore(UUID deploymentId, DeploymentTarget target);

    /** Forgets the kept copy once the deployment has ended. */
    void discardCopy(UUID deploymentId);

    /**
     * Runs the target's reload command, where the target's server runs: a local target on this host
     * with {@code local}, a remote one on its host.
     */
    default ReloadResult reload(DeploymentTarget target, ReloadRunner local) {
        return local.run(target.reloadCommand());
    }
}
