package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.it.support.ServerCertificates;
import io.certflow.testing.InMemoryDatabase;
import io.certflow.testing.MutableClock;

/**
 * The steps of a deployment on the real stores, with a target, a reload command and an endpoint that
 * do what each case says: what the deployment records, when the grace period gives up, and which
 * failures are a person's (an exception, so an incident) rather than a business outcome.
 */
class DeploymentStepsTest {

    private static final Instant START = Instant.parse("2030-03-01T08:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final ServerCertificates ca = ServerCertificates.newCa();
    private final ServerCertificates.Issued old = ca.issue("www.example.test");
    private final ServerCertificates.Issued fresh = ca.issue("www.example.test");
    private final MutableClock clock = new MutableClock(START);
    private final ScriptedAdapter adapter = new ScriptedAdapter();
    private final Deque<ReloadResult> reloads = new ArrayDeque<>();
    private final Deque<Object> served = new ArrayDeque<>();

    private DeploymentStore deployments;
    private DeploymentSteps steps;
    private UUID deploymentId;
    private UUID targetId;

    @BeforeEach
    void aCertificateATargetAndADeploymentInFlight() {
        var jdbc = InMemoryDatabase.migrated();
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        KeyProtection protection = new KeyProtection(kek);
        CertificateStore certificates = new CertificateStore(jdbc);
        DeploymentTargetStore targets = new DeploymentTargetStore(jdbc);
        deployments = new DeploymentStore(jdbc);

        UUID certificateId = UUID.randomUUID();
        certificates.insert(new Certificate(certificateId, "tenant-a", null, List.of("www.example.test"), KeyType.DEFAULT,
                CertificateStatus.ISSUED, null, CertificateSource.UPLOADED, false, null, null, null, null, null, START, START, false, null));
        certificates.storeChain(certificateId, CertificateStore.IssuedCertificate.of(List.of(fresh.certificate(), fresh.ca()),
                protection.protect(fresh.privateKey(), CertificateStore.PRIVATE_KEY_PURPOSE)), false);
        targetId = UUID.randomUUID();
        targets.insert(new DeploymentTarget(targetId, "tenant-a", "web-1", DeploymentTargetKind.PEM_FILES,
                new PemFiles(null, null, "/srv/tls/fullchain.pem", "/srv/tls/privkey.pem", "0644", "0600", null, null), null,
                new VerifyEndpoint("127.0.0.1", 8443, "www.example.test"), "nginx", START, START));
        deploymentId = UUID.randomUUID();
        assertThat(deployments.insert(new Deployment(deploymentId, "tenant-a", certificateId, targetId, "web-1",
                DeploymentState.PENDING, null, fresh.serial().toString(16), io.certflow.crypto.Pem.sha256Fingerprint(fresh.certificate()),
                null, null, null, false, null, null, null, null, null, "alice", START, START, null))).isTrue();

        DeploymentSettings settings = new DeploymentSettings(List.of(), Map.of("nginx", List.of("nginx", "-s", "reload")), null,
                GRACE, Duration.ofSeconds(5), Duration.ofSeconds(3));
        ReloadRunner reloadRunner = new ReloadRunner(settings, (Path) null) {
            @Override
            public ReloadResult run(String commandName) {
                return reloads.isEmpty() ? new ReloadResult(0, "", false) : reloads.poll();
            }
        };
        ServedCertificateProbe probe = new ServedCertificateProbe() {
            @Override
            public X509Certificate served(VerifyEndpoint endpoint, Duration timeout) throws ProbeFailedException {
                Object next = served.isEmpty() ? fresh.certificate() : served.poll();
                if (next instanceof String problem) {
                    throw new ProbeFailedException(problem, null);
                }
                return (X509Certificate) next;
            }
        };
        steps = new DeploymentSteps(deployments, targets, new TargetAdapters(List.of(adapter)),
                new DeployedMaterials(certificates, protection), reloadRunner, new ServerLocks(settings), probe, settings, clock);
    }

    private Deployment deployment() {
        return deployments.findById(deploymentId).orElseThrow();
    }

    // Keep, write, reload, verify

    @Test
    void theFirstStepsKeepACopyNoteThePreviousCertificateWriteTheNewMaterialAndSayWhereTheyAre() {
        served.add(old.certificate());

        steps.keepCopy(deploymentId);
        assertThat(deployment().state()).isEqualTo(DeploymentState.WRITING);
        steps.write(deploymentId);

        assertThat(adapter.calls).containsExactly("keepCopy", "write");
        assertThat(adapter.written.fullChainPem()).contains(fresh.certificatePem().strip());
        assertThat(adapter.written.certificatePem().strip()).isEqualTo(fresh.certificatePem().strip());
        assertThat(adapter.written.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        Deployment deployment = deployment();
        assertThat(deployment.state()).isEqualTo(DeploymentState.RELOADING);
        assertThat(deployment.previousSerial()).isEqualTo(old.serial().toString(16));
        assertThat(deployment.previousChecked()).isTrue();
    }

    @Test
    void aCopyStepRunAgainAfterTheWriteKeepsThePreviousCertificateItNotedFirst() {
        served.add(old.certificate());
        steps.keepCopy(deploymentId);
        steps.write(deploymentId);
        served.add(fresh.certificate());

        steps.keepCopy(deploymentId);

        assertThat(deployment().previousSerial()).as("never the new certificate").isEqualTo(old.serial().toString(16));
    }

    @Test
    void aFailedReloadStartsTheRollbackWithTheExitCodeAndTheFirstLineOfItsOutput() {
        reloads.add(new ReloadResult(1, "nginx: [emerg] cannot load certificate key\nnginx: configuration file test failed\n", false));

        assertThat(steps.reload(deploymentId)).isFalse();

        Deployment deployment = deployment();
        assertThat(deployment.state()).isEqualTo(DeploymentState.ROLLING_BACK);
        assertThat(deployment.reloadExitCode()).isEqualTo(1);
        assertThat(deployment.reloadOutput()).contains("configuration file test failed");
        assertThat(deployment.reason()).isEqualTo("The reload command 'nginx' exited with 1: nginx: [emerg] cannot load certificate key;"
                + " the previous files are put back");
    }

    @Test
    void aReloadThatRunsTooLongCountsAsFailed() {
        reloads.add(new ReloadResult(-1, "", true));

        assertThat(steps.reload(deploymentId)).isFalse();

        assertThat(deployment().reason()).contains("ran too long and was stopped");
    }

    @Test
    void theEndpointIsAskedAgainUntilTheGracePeriodIsOverCountedFromTheFirstLook() {
        served.add(old.certificate());
        served.add("could not connect to 127.0.0.1:8443: Connection refused");
        served.add(old.certificate());

        assertThat(steps.verify(deploymentId)).isEqualTo(DeploymentSteps.Verification.NOT_YET);
        assertThat(deployment().state()).isEqualTo(DeploymentState.VERIFYING);
        assertThat(deployment().reason()).isEqualTo("Not verified yet: it still serves serial " + old.serial().toString(16)
                + ", not the new " + fresh.serial().toString(16));
        clock.advance(GRACE.minusSeconds(1));
        assertThat(steps.verify(deploymentId)).isEqualTo(DeploymentSteps.Verification.NOT_YET);
        assertThat(deployment().servedSerial()).as("nothing seen at this look").isNull();
        assertThat(deployment().reason()).contains("Connection refused");
        clock.advance(Duration.ofSeconds(1));

        assertThat(steps.verify(deploymentId)).isEqualTo(DeploymentSteps.Verification.GIVEN_UP);

        Deployment deployment = deployment();
        assertThat(deployment.state()).isEqualTo(DeploymentState.ROLLING_BACK);
        assertThat(deployment.verifyStartedAt()).isEqualTo(START);
        assertThat(deployment.reason()).isEqualTo("The endpoint 127.0.0.1:8443 (www.example.test) did not serve the new certificate within"
                + " 2 min after the reload: it still serves serial " + old.serial().toString(16) + ", not the new "
                + fresh.serial().toString(16) + "; the previous files are put back");
    }

    @Test
    void theNewCertificateServedEndsTheVerificationWithTheSerialSeen() {
        assertThat(steps.verify(deploymentId)).isEqualTo(DeploymentSteps.Verification.SERVED);

        assertThat(deployment().servedSerial()).isEqualTo(fresh.serial().toString(16));
        assertThat(deployment().reason()).isNull();
    }

    @Test
    void aCertificateWithTheNewSerialButAnotherKeyIsNotTheNewCertificate() {
        ServerCertificates.Issued impostor = ServerCertificates.newCa().issue("www.example.test");
        served.add(impostor.certificate());

        assertThat(steps.verify(deploymentId)).isEqualTo(DeploymentSteps.Verification.NOT_YET);
    }

    // Rollback

    @Test
    void theRollbackIsVerifiedWhenThePreviousCertificateIsServedAgainAndIsAnIncidentPastTheGracePeriod() {
        served.add(old.certificate());
        steps.keepCopy(deploymentId);
        served.add(fresh.certificate());
        served.add(fresh.certificate());

        assertThat(steps.verifyRestored(deploymentId)).isFalse();
        clock.advance(GRACE);

        assertThatThrownBy(() -> steps.verifyRestored(deploymentId)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("serves serial " + fresh.serial().toString(16) + ", not the previous " + old.serial().toString(16));
        served.add(old.certificate());
        assertThat(steps.verifyRestored(deploymentId)).as("a person fixed it and retried").isTrue();
    }

    @Test
    void anEndpointThatServedNothingBeforeHasNoCertificateToBringBack() {
        served.add("could not connect to 127.0.0.1:8443: Connection refused");
        steps.keepCopy(deploymentId);

        assertThat(steps.verifyRestored(deploymentId)).isTrue();
    }

    @Test
    void aRestoreTheTargetRefusesIsAnIncidentNotABusinessOutcome() {
        adapter.refuseRestore = true;

        assertThatThrownBy(() -> steps.restore(deploymentId)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(BusinessFailure.class).hasMessageContaining("could not restore the files of target web-1");
    }

    @Test
    void aReloadAfterTheRestoreThatFailsIsAnIncident() {
        reloads.add(new ReloadResult(1, "still broken", false));

        assertThatThrownBy(() -> steps.reloadRestored(deploymentId)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with 1: still broken");
    }

    // The end

    @Test
    void anEndedDeploymentFreesItsTargetForgetsItsCopyAndStaysAsItEnded() {
        steps.markDeployed(deploymentId);

        assertThat(deployment().state()).isEqualTo(DeploymentState.DEPLOYED);
        assertThat(deployment().finishedAt()).isEqualTo(START);
        assertThat(adapter.calls).containsExactly("discardCopy");
        assertThat(deployments.findInFlightTo(targetId)).isEmpty();
        steps.markFailed(deploymentId, "late");
        assertThat(deployment().state()).as("a final state never changes").isEqualTo(DeploymentState.DEPLOYED);
        assertThat(deployment().reason()).isNull();
    }

    @Test
    void aSecondDeploymentToATargetInFlightIsRefusedByTheDatabase() {
        Deployment first = deployment();
        Deployment second = new Deployment(UUID.randomUUID(), first.tenantId(), first.certificateId(), targetId, "web-1",
                DeploymentState.PENDING, null, first.expectedSerial(), first.expectedFingerprint(), null, null, null, false, null,
                null, null, null, null, "bob", START, START, null);

        assertThat(deployments.insert(second)).isFalse();
        steps.markRolledBack(deploymentId);
        assertThat(deployments.insert(second)).as("once the first ended").isTrue();
    }
    private static final class ScriptedAdapter implements TargetAdapter {
        final List<String> calls = new ArrayList<>();
        DeployedMaterial written;
        boolean refuseRestore;

        @Override
        public DeploymentTargetKind kind() {
            return DeploymentTargetKind.PEM_FILES;
        }

        @Override
        public void keepCopy(UUID deploymentId, DeploymentTarget target) {
            calls.add("keepCopy");
        }

        @Override
        public void write(UUID deploymentId, DeploymentTarget target, DeployedMaterial material) {
            calls.add("write");
            written = material;
        }

        @Override
        public void restore(UUID deploymentId, DeploymentTarget target) {
            calls.add("restore");
            if (refuseRestore) {
                throw new BusinessFailure(FailureReason.DEPLOYMENT_REFUSED, "keyPath: leads out of the allowed directories");
            }
        }

        @Override
        public void discardCopy(UUID deploymentId) {
            calls.add("discardCopy");
        }
    }
}
