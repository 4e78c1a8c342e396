package io.certflow.deployment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;

/**
 * The steps of CertificateDeploymentProcess, one method per task. Each reads the deployment and its
 * target afresh, does its work once more if it ran before a crash (the adapters make that harmless),
 * and records in the deployment what it did, so the API shows where it is.
 */
@Component
public class DeploymentSteps {

    /** How {@link #verify} left the deployment. */
    public enum Verification {
        /** The endpoint serves the new certificate (or the target has no endpoint to ask). */
        SERVED,
        /** Not yet, and the grace period has time left: look again after the verify interval. */
        NOT_YET,
        /** The grace period is over: the rollback has started, with the reason recorded. */
        GIVEN_UP
    }

    private static final Logger log = LoggerFactory.getLogger(DeploymentSteps.class);

    private final DeploymentStore deployments;
    private final DeploymentTargetStore targets;
    private final TargetAdapters adapters;
    private final DeployedMaterials materials;
    private final ReloadRunner reloadRunner;
    private final ServerLocks serverLocks;
    private final ServedCertificateProbe probe;
    private final DeploymentSettings settings;
    private final Clock clock;

    public DeploymentSteps(DeploymentStore deployments, DeploymentTargetStore targets, TargetAdapters adapters,
                           DeployedMaterials materials, ReloadRunner reloadRunner, ServerLocks serverLocks,
                           ServedCertificateProbe probe, DeploymentSettings settings, Clock clock) {
        this.deployments = deployments;
        this.targets = targets;
        this.adapters = adapters;
        this.materials = materials;
        this.reloadRunner = reloadRunner;
        this.serverLocks = serverLocks;
        this.probe = probe;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Keeps a copy of what the target holds, and notes which certificate its endpoint serves, so that a
     * rollback can bring both back. A refusal here has touched nothing.
     */
    /** A deployment a renewal runs as a call activity learns its process instance here. */
    public void recordProcess(UUID deploymentId, String processInstanceId) {
        deployments.recordProcessInstance(deploymentId, processInstanceId);
    }

    public void keepCopy(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = target(deployment);
        deployments.moveTo(deploymentId, DeploymentState.WRITING, clock.instant());
        adapters.of(target).keepCopy(deploymentId, target);
        if (target.verify() != null && !deployment.previousChecked()) {
            EndpointLook before = look(target.verify());
            deployments.recordPrevious(deploymentId, before.serial(), before.fingerprint(), clock.instant());
        }
    }

    /** Writes the certificate, its chain and key to the target, while no reload of its server runs. */
    public void write(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = target(deployment);
        DeployedMaterial material = materials.of(deployment.certificateId());
        try (ServerLocks.Held writing = serverLocks.forWriting(target.reloadCommand())) {
            adapters.of(target).write(deploymentId, target, material);
        }
        deployments.moveTo(deploymentId, DeploymentState.RELOADING, clock.instant());
    }

    /** Runs the reload command; false when it failed, with the rollback started and the reason recorded. */
    public boolean reload(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = target(deployment);
        if (target.reloadCommand() == null) {
            return true;
        }
        ReloadResult result = reloadWhileNothingIsWritten(target);
        deployments.recordReload(deploymentId, result, clock.instant());
        if (result.succeeded()) {
            return true;
        }
        deployments.startRollback(deploymentId, "The reload command '" + target.reloadCommand() + "' " + result.failure()
                + "; the previous files are put back", clock.instant());
        return false;
    }

    /** Looks once at the endpoint for the new certificate; gives up (and starts the rollback) when the grace period is over. */
    public Verification verify(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = requiredTarget(deployment);
        if (target.verify() == null) {
            return Verification.SERVED;
        }
        deployments.startVerifying(deploymentId, clock.instant());
        Instant started = deployment(deploymentId).verifyStartedAt();
        EndpointLook look = look(target.verify());
        if (look.serves(deployment.expectedSerial(), deployment.expectedFingerprint())) {
            deployments.recordServed(deploymentId, look.serial(), null, clock.instant());
            return Verification.SERVED;
        }
        String notYet = look.served() == null ? look.problem()
                : "it still serves serial " + look.serial() + ", not the new " + deployment.expectedSerial();
        deployments.recordServed(deploymentId, look.serial(), "Not verified yet: " + notYet, clock.instant());
        if (clock.instant().isBefore(started.plus(settings.gracePeriod()))) {
            return Verification.NOT_YET;
        }
        deployments.startRollback(deploymentId, "The endpoint " + target.verify().shown() + " did not serve the new certificate within "
                + words(settings.gracePeriod()) + " after the reload: " + notYet + "; the previous files are put back",
                clock.instant());
        return Verification.GIVEN_UP;
    }

    /** Starts the rollback when the target refused the write or the reload; what was written is put back. */
    public void refused(UUID deploymentId, String reason) {
        deployments.startRollback(deploymentId, "The target refused the deployment: " + reason + "; the previous files are put back",
                clock.instant());
    }

    /** Puts back the kept copy. Anything that stops it is for a person: the target may hold half of each. */
    public void restore(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = requiredTarget(deployment);
        try (ServerLocks.Held writing = serverLocks.forWriting(target.reloadCommand())) {
            adapters.of(target).restore(deploymentId, target);
        } catch (BusinessFailure refused) {
            throw new IllegalStateException("The rollback of deployment " + deploymentId + " could not restore the files of target "
                    + target.name() + ": " + refused.detail(), refused);
        }
    }

    /** Reloads the restored files; a failure is for a person (an incident), because now nothing Certflow knows is served. */
    public void reloadRestored(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = requiredTarget(deployment);
        if (target.reloadCommand() == null) {
            return;
        }
        ReloadResult result;
        try {
            result = reloadWhileNothingIsWritten(target);
        } catch (BusinessFailure refused) {
            throw new IllegalStateException("The rollback of deployment " + deploymentId + " restored the previous files of target "
                    + target.name() + ", but the reload was refused: " + refused.detail(), refused);
        }
        deployments.recordReload(deploymentId, result, clock.instant());
        if (!result.succeeded()) {
            throw new IllegalStateException("The rollback of deployment " + deploymentId + " restored the previous files of target "
                    + target.name() + ", but the reload command '" + target.reloadCommand() + "' " + result.failure());
        }
    }

    /**
     * Looks once at the endpoint for the certificate it served before the deployment. True when it is
     * served again (or there is nothing to compare with); false to look again; past the grace period
     * an exception, because a rollback that does not bring the old certificate back is for a person.
     */
    public boolean verifyRestored(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        DeploymentTarget target = requiredTarget(deployment);
        if (target.verify() == null || deployment.previousFingerprint() == null) {
            // Nothing was served before the deployment (or nobody could look): there is no certificate to bring back.
            return true;
        }
        deployments.startVerifyingRollback(deploymentId, clock.instant());
        Instant started = deployment(deploymentId).rollbackVerifyStartedAt();
        EndpointLook look = look(target.verify());
        deployments.recordServed(deploymentId, look.serial(), deployment.reason(), clock.instant());
        if (look.serves(deployment.previousSerial(), deployment.previousFingerprint())) {
            return true;
        }
        if (clock.instant().isBefore(started.plus(settings.gracePeriod()))) {
            return false;
        }
        throw new IllegalStateException("The rollback of deployment " + deploymentId + " put back the previous files of target "
                + target.name() + ", but after " + words(settings.gracePeriod()) + " the endpoint " + target.verify().shown()
                + (look.served() == null ? " answers no certificate: " + look.problem()
                        : " serves serial " + look.serial() + ", not the previous " + deployment.previousSerial()));
    }

    public void markDeployed(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        targetIfAny(deployment).ifPresent(target -> adapters.of(target).discardCopy(deploymentId));
        deployments.finish(deploymentId, DeploymentState.DEPLOYED, null, clock.instant());
        log.info("Deployment {} of certificate {} to target {} is served", deploymentId, deployment.certificateId(),
                deployment.targetName());
    }

    /** Ends the deployment ROLLED_BACK; returns why, for Cockpit's history. */
    public String markRolledBack(UUID deploymentId) {
        Deployment deployment = deployment(deploymentId);
        targetIfAny(deployment).ifPresent(target -> adapters.of(target).discardCopy(deploymentId));
        deployments.finish(deploymentId, DeploymentState.ROLLED_BACK, deployment.reason(), clock.instant());
        log.warn("Deployment {} of certificate {} to target {} was rolled back: {}", deploymentId, deployment.certificateId(),
                deployment.targetName(), deployment.reason());
        return deployment.reason();
    }

    /** Ends a deployment Certflow refused to start on the target; nothing was written. */
    public void markFailed(UUID deploymentId, String reason) {
        Deployment deployment = deployment(deploymentId);
        targetIfAny(deployment).ifPresent(target -> adapters.of(target).discardCopy(deploymentId));
        deployments.finish(deploymentId, DeploymentState.FAILED, reason, clock.instant());
        log.warn("Deployment {} of certificate {} to target {} failed: {}", deploymentId, deployment.certificateId(),
                deployment.targetName(), reason);
    }

    /**
     * A reload must not see another target of its server half written: the server would refuse the
     * whole configuration, and this deployment would be rolled back for another one's files.
     */
    private ReloadResult reloadWhileNothingIsWritten(DeploymentTarget target) {
        try (ServerLocks.Held reloading = serverLocks.forReloading(target.reloadCommand())) {
            return adapters.of(target).reload(target, reloadRunner);
        }
    }

    private EndpointLook look(VerifyEndpoint endpoint) {
        return EndpointLook.at(probe, endpoint, settings.probeTimeout());
    }

    private Deployment deployment(UUID id) {
        return deployments.findById(id).orElseThrow(() -> new IllegalStateException("No deployment " + id));
    }

    /** A target deleted or gone since the deployment started is refused: Certflow does not know where to write. */
    private DeploymentTarget target(Deployment deployment) {
        return targetIfAny(deployment).orElseThrow(() -> new BusinessFailure(FailureReason.DEPLOYMENT_REFUSED,
                "The deployment target " + deployment.targetName() + " was deleted"));
    }

    /**
     * After the write a missing target is for a person, not a business outcome: Certflow refuses to
     * delete a target while a deployment writes it, so it went around Certflow, and what it holds is unknown.
     */
    private DeploymentTarget requiredTarget(Deployment deployment) {
        return targetIfAny(deployment).orElseThrow(() -> new IllegalStateException("Deployment "
                + deployment.id() + " cannot find its target " + deployment.targetName() + ": it was deleted"));
    }

    private Optional<DeploymentTarget> targetIfAny(Deployment deployment) {
        return deployment.targetId() == null ? Optional.empty() : targets.findById(deployment.targetId());
    }

    private static String words(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
