package io.certflow.deployment;

import java.time.Instant;
import java.util.UUID;

/**
 * Where certificates are deployed: the files a kind of target writes ({@code files} for PEM_FILES,
 * {@code keystore} for KEYSTORE, the other one null), the reload command (a name from
 * {@link DeploymentSettings}) that makes the server read them, and the endpoint that proves it does.
 */
public record DeploymentTarget(UUID id, String tenantId, String name, DeploymentTargetKind kind, PemFiles files,
                               KeystoreFile keystore, VerifyEndpoint verify, String reloadCommand, Instant createdAt,
                               Instant updatedAt) {
}
