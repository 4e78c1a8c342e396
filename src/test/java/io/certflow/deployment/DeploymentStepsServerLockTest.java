package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The steps of two deployments to targets of one server (one reload command): a reload never runs
 * while the other target's files are being written, and a write never runs during a reload. The
 * adapter is a fake that holds its write or reload until the test lets it go, which is the moment a
 * real write has renamed the new certificate into place and not yet the key.
 */
class DeploymentStepsServerLockTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<UUID, Deployment> deployments = new ConcurrentHashMap<>();
    private final Map<UUID, DeploymentTarget> targets = new ConcurrentHashMap<>();
    private final ServerLocks serverLocks = new ServerLocks(Duration.ofSeconds(30));
    private final HoldingAdapter adapter = new HoldingAdapter();
    private final DeploymentSteps steps = steps();

    @AfterEach
    void stopThreads() throws InterruptedException {
        adapter.release.countDown();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReloadWaitsWhileTheFilesOfAnotherTargetOfItsServerAreWritten() throws Exception {
        UUID siteA = deploymentTo(target("site-a", "nginx"));
        UUID siteB = deploymentTo(target("site-b", "nginx"));
        adapter.holdWritesOf(siteA);
        CompletableFuture<Void> write = run(() -> steps.write(siteA));
        Awaitility.await().atMost(WITHIN).until(() -> adapter.calls.contains("write site-a"));

        CompletableFuture<Boolean> reload = supply(() -> steps.reload(siteB));

        Awaitility.await().atMost(WITHIN).until(() -> serverLocks.isWaitedFor("nginx"));
        assertThat(adapter.calls).as("nginx is not reloaded while site-a holds a new certificate beside its old key")
                .doesNotContain("reload site-b");
        adapter.release.countDown();
        write.get(10, TimeUnit.SECONDS);
        assertThat(reload.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(adapter.calls).containsExactly("write site-a", "reload site-b");
    }

    @Test
    void aWriteWaitsWhileItsServerReloads() throws Exception {
        UUID siteA = deploymentTo(target("site-a", "nginx"));
        UUID siteB = deploymentTo(target("site-b", "nginx"));
        adapter.holdReloadsOf("site-b");
        CompletableFuture<Boolean> reload = supply(() -> steps.reload(siteB));
        Awaitility.await().atMost(WITHIN).until(() -> adapter.calls.contains("reload site-b"));

        CompletableFuture<Void> write = run(() -> steps.write(siteA));

        Awaitility.await().atMost(WITHIN).until(() -> serverLocks.isWaitedFor("nginx"));
        assertThat(adapter.calls).doesNotContain("write site-a");
        adapter.release.countDown();
        assertThat(reload.get(10, TimeUnit.SECONDS)).isTrue();
        write.get(10, TimeUnit.SECONDS);
        assertThat(adapter.calls).containsExactly("reload site-b", "write site-a");
    }

    @Test
    void aRestoreIsAWriteTooAndTheRollbacksReloadWaitsForItLikeAnyReload() throws Exception {
        UUID siteA = deploymentTo(target("site-a", "nginx"));
        UUID siteB = deploymentTo(target("site-b", "nginx"));
        adapter.holdWritesOf(siteA);
        CompletableFuture<Void> restore = run(() -> steps.restore(siteA));
        Awaitility.await().atMost(WITHIN).until(() -> adapter.calls.contains("restore site-a"));

        CompletableFuture<Void> reloadRestored = run(() -> steps.reloadRestored(siteB));

        Awaitility.await().atMost(WITHIN).until(() -> serverLocks.isWaitedFor("nginx"));
        assertThat(adapter.calls).doesNotContain("reload site-b");
        adapter.release.countDown();
        restore.get(10, TimeUnit.SECONDS);
        reloadRestored.get(10, TimeUnit.SECONDS);
        assertThat(adapter.calls).containsExactly("restore site-a", "reload site-b");
    }

    @Test
    void theTargetsOfAnotherServerAreNotHeldUp() throws Exception {
        UUID siteA = deploymentTo(target("site-a", "nginx"));
        UUID app = deploymentTo(target("app", "tomcat"));
        adapter.holdWritesOf(siteA);
        CompletableFuture<Void> write = run(() -> steps.write(siteA));
        Awaitility.await().atMost(WITHIN).until(() -> adapter.calls.contains("write site-a"));

        assertThat(supply(() -> steps.reload(app)).get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(adapter.calls).containsExactly("write site-a", "reload app");
        adapter.release.countDown();
        write.get(10, TimeUnit.SECONDS);
    }

    // The fakes

    /** Records each call, and holds the writes of one deployment or the reloads of one target until released. */
    private static final class HoldingAdapter implements TargetAdapter {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        private volatile UUID holdWritesOf;
        private volatile String holdReloadsOf;

        void holdWritesOf(UUID deploymentId) {
            holdWritesOf = deploymentId;
        }

        void holdReloadsOf(String targetName) {
            holdReloadsOf = targetName;
        }

        @Override
        public DeploymentTargetKind kind() {
            return DeploymentTargetKind.PEM_FILES;
        }

        @Override
        public void keepCopy(UUID deploymentId, DeploymentTarget target) {
        }

        @Override
        public void write(UUID deploymentId, DeploymentTarget target, DeployedMaterial material) {
            calls.add("write " + target.name());
            if (deploymentId.equals(holdWritesOf)) {
                await();
            }
        }

        @Override
        public void restore(UUID deploymentId, DeploymentTarget target) {
            calls.add("restore " + target.name());
            if (deploymentId.equals(holdWritesOf)) {
                await();
            }
        }

        @Override
        public void discardCopy(UUID deploymentId) {
        }

        @Override
        public ReloadResult reload(DeploymentTarget target, ReloadRunner local) {
            calls.add("reload " + target.name());
            if (target.name().equals(holdReloadsOf)) {
                await();
            }
            return new ReloadResult(0, "", false);
        }

        private void await() {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private DeploymentTarget target(String name, String reloadCommand) {
        DeploymentTarget target = new DeploymentTarget(UUID.randomUUID(), "tenant", name, DeploymentTargetKind.PEM_FILES,
                new PemFiles(null, null, "/srv/" + name + "/fullchain.pem", "/srv/" + name + "/privkey.pem", "0644", "0600", null, null),
                null, new VerifyEndpoint("127.0.0.1", 443, name + ".example"), reloadCommand, NOW, NOW);
        targets.put(target.id(), target);
        return target;
    }

    private UUID deploymentTo(DeploymentTarget target) {
        Deployment deployment = new Deployment(UUID.randomUUID(), "tenant", UUID.randomUUID(), target.id(), target.name(),
                DeploymentState.WRITING, null, "1a2b", "AB:CD", null, null, null, true, null, null, null, null, null, "alice", NOW,
                NOW, null);
        deployments.put(deployment.id(), deployment);
        return deployment.id();
    }

    private CompletableFuture<Void> run(Runnable step) {
        return CompletableFuture.runAsync(step, threads);
    }

    private <T> CompletableFuture<T> supply(java.util.function.Supplier<T> step) {
        return CompletableFuture.supplyAsync(step, threads);
    }

    private DeploymentSteps steps() {
        DeploymentStore store = new DeploymentStore(null) {
            @Override
            public Optional<Deployment> findById(UUID id) {
                return Optional.ofNullable(deployments.get(id));
            }

            @Override
            public boolean moveTo(UUID id, DeploymentState state, Instant now) {
                return true;
            }

            @Override
            public void recordReload(UUID id, ReloadResult result, Instant now) {
            }

            @Override
            public void startRollback(UUID id, String reason, Instant now) {
            }
        };
        DeploymentTargetStore targetStore = new DeploymentTargetStore(null) {
            @Override
            public Optional<DeploymentTarget> findById(UUID id) {
                return Optional.ofNullable(targets.get(id));
            }
        };
        DeployedMaterials materials = new DeployedMaterials(null, null) {
            @Override
            public DeployedMaterial of(UUID certificateId) {
                return new DeployedMaterial("certificate", "chain", "full chain", "key");
            }
        };
        DeploymentSettings settings = new DeploymentSettings(List.of(Path.of("/srv")), Map.of(), Duration.ofSeconds(30));
        return new DeploymentSteps(store, targetStore, new TargetAdapters(List.of(adapter)), materials,
                new ReloadRunner(settings, (Path) null), serverLocks, new ServedCertificateProbe(), settings,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
