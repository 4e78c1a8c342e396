package io.certflow.deployment;

import java.time.Instant;
import java.util.UUID;

/**
 * Where certificates are deployed: the files a kind of target writes ({@code files} for PEM_FILES and,
 * on another host, for SSH; {@code keystore} for KEYSTORE; the others null), how an SSH target logs
 * in ({@code ssh}), the reload command (a name from {@link DeploymentSettings}) that makes the server
 * read the files, and the endpoint that proves it does.
 */
public record DeploymentTarget(UUID id, String tenantId, String name, DeploymentTargetKind kind, PemFiles files,
                               KeystoreFile keystore, SshLogin ssh, VerifyEndpoint verify, String reloadCommand,
                               Instant createdAt, Instant updatedAt) {

    /** A target on this host, which logs in nowhere. */
    public DeploymentTarget(UUID id, String tenantId, String name, DeploymentTargetKind kind, PemFiles files,
                            KeystoreFile keystore, VerifyEndpoint verify, String reloadCommand, Instant createdAt,
                            Instant updatedAt) {
        this(id, tenantId, name, kind, files, keystore, null, verify, reloadCommand, createdAt, updatedAt);
    }
}
