package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.certflow.testing.InMemoryDatabase;

/** The SSH columns (V11) on H2, the zero-setup database; the integration tests do the same on PostgreSQL. */
class SshTargetStoreTest {

    DeploymentTargetStore store = new DeploymentTargetStore(InMemoryDatabase.migrated());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void anSshTargetIsStoredAndReadBackWithItsLoginAndRemoteFiles() {
        DeploymentTarget target = new DeploymentTarget(UUID.randomUUID(), "default", "web-ssh", DeploymentTargetKind.SSH,
                new PemFiles(null, null, "/etc/nginx/ssl/fullchain.pem", "/etc/nginx/ssl/privkey.pem", "0644", "0600", null, null),
                null, new SshLogin("web-1.example.test", 2222, "deploy", "SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA",
                "v1:" + "k".repeat(20_000), null), new VerifyEndpoint("web-1.example.test", 443, null), null, now, now);

        store.insert(target);

        assertThat(store.findById(target.id())).contains(target);
    }

    @Test
    void aTargetChangedFromSshToLocalFilesKeepsNoLogin() {
        DeploymentTarget ssh = new DeploymentTarget(UUID.randomUUID(), "default", "moved", DeploymentTargetKind.SSH,
                new PemFiles(null, null, null, "/srv/key.pem", "0644", "0600", null, null), null,
                new SshLogin("10.0.0.1", 22, "deploy", "SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA", null, "v1:sealed"),
                null, null, now, now);
        store.insert(ssh);
        DeploymentTarget local = new DeploymentTarget(ssh.id(), "default", "moved", DeploymentTargetKind.PEM_FILES,
                new PemFiles(null, null, null, "/srv/key.pem", "0644", "0600", null, null), null, null, null, now, now);

        store.update(local);

        assertThat(store.findById(ssh.id())).contains(local);
    }
}
