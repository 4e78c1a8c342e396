package io.certflow.deployment;

import java.time.Instant;
import java.util.UUID;

/**
 * One certificate to one target, as its process left it.
 *
 * @param targetId         null once the target was deleted; {@code targetName} stays
 * @param expectedSerial   the serial of the certificate being deployed (lowercase hex), which the endpoint must serve
 * @param servedSerial     what the endpoint served at the last look, null before the first or when it could not be reached
 * @param previousSerial   what the endpoint served before the deployment, which a rollback must bring back
 * @param previousChecked  whether the endpoint was looked at before the deployment (it may have served nothing)
 * @param reloadOutput     the first 4 KiB of the reload command's output
 */
public record Deployment(UUID id, String tenantId, UUID certificateId, UUID targetId, String targetName, DeploymentState state,
                         String reason, String expectedSerial, String expectedFingerprint, String servedSerial,
                         String previousSerial, String previousFingerprint, boolean previousChecked, Integer reloadExitCode,
                         String reloadOutput, Instant verifyStartedAt, Instant rollbackVerifyStartedAt,
                         String processInstanceId, String requestedBy, Instant createdAt, Instant updatedAt,
                         Instant finishedAt) {
}
