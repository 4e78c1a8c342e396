package io.certflow.deployment;

import java.time.Instant;
import java.util.UUID;

/**
 * Where certificates are deployed: the files a kind of target writes, the reload command (a name from
 * {@link DeploymentSettings}) that makes the server read them, and the endpoint that proves it does.
 */
public record DeploymentTarget(UUID id, String tenantId, String name, DeploymentTargetKind kind, PemFiles files,
                               VerifyEndpoint verify, String reloadCommand, Instant createdAt, Instant updatedAt) {
}
