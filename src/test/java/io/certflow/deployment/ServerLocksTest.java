package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.certflow.error.TransientFault;

class ServerLocksTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final ServerLocks locks = new ServerLocks(Duration.ofSeconds(30));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs {@code take} in a thread of its own, which holds what it took until {@code release} is counted down. */
    private CompletableFuture<Void> holdInAnotherThread(Supplier<ServerLocks.Held> take, CountDownLatch release) {
        CompletableFuture<Void> taken = new CompletableFuture<>();
        threads.submit(() -> {
            try (ServerLocks.Held held = take.get()) {
                taken.complete(null);
                release.await();
            } catch (Throwable e) {
                taken.completeExceptionally(e);
            }
            return null;
        });
        return taken;
    }

    @Test
    void aWriteToAServerWaitsUntilItsRunningReloadEnds() throws Exception {
        CountDownLatch reloadEnds = new CountDownLatch(1);
        holdInAnotherThread(() -> locks.forReloading("nginx"), reloadEnds).get(10, TimeUnit.SECONDS);
        CountDownLatch never = new CountDownLatch(1);

        CompletableFuture<Void> write = holdInAnotherThread(() -> locks.forWriting("nginx"), never);

        Awaitility.await().atMost(WITHIN).until(() -> locks.isWaitedFor("nginx"));
        assertThat(write).as("the write waits while nginx reloads").isNotDone();
        reloadEnds.countDown();
        write.get(10, TimeUnit.SECONDS);
        never.countDown();
    }

    @Test
    void aReloadWaitsUntilAWriteToItsServerEnds() throws Exception {
        CountDownLatch writeEnds = new CountDownLatch(1);
        holdInAnotherThread(() -> locks.forWriting("nginx"), writeEnds).get(10, TimeUnit.SECONDS);
        CountDownLatch never = new CountDownLatch(1);

        CompletableFuture<Void> reload = holdInAnotherThread(() -> locks.forReloading("nginx"), never);

        Awaitility.await().atMost(WITHIN).until(() -> locks.isWaitedFor("nginx"));
        assertThat(reload).as("nginx is not reloaded while a site's files are half renamed").isNotDone();
        writeEnds.countDown();
        reload.get(10, TimeUnit.SECONDS);
        never.countDown();
    }

    @Test
    void reloadsOfOneServerRunTogether() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        holdInAnotherThread(() -> locks.forReloading("nginx"), end).get(10, TimeUnit.SECONDS);

        holdInAnotherThread(() -> locks.forReloading("nginx"), end).get(10, TimeUnit.SECONDS);

        end.countDown();
    }

    @Test
    void theStepsOfAnotherServerDoNotWait() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        holdInAnotherThread(() -> locks.forReloading("nginx"), end).get(10, TimeUnit.SECONDS);
        holdInAnotherThread(() -> locks.forWriting("apache"), end).get(10, TimeUnit.SECONDS);

        holdInAnotherThread(() -> locks.forReloading("apache-too"), end).get(10, TimeUnit.SECONDS);
        holdInAnotherThread(() -> locks.forWriting("keystore-server"), end).get(10, TimeUnit.SECONDS);

        end.countDown();
    }

    @Test
    void aTargetWithoutAReloadCommandNeverWaits() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        holdInAnotherThread(() -> locks.forWriting(null), end).get(10, TimeUnit.SECONDS);

        holdInAnotherThread(() -> locks.forWriting(null), end).get(10, TimeUnit.SECONDS);

        end.countDown();
    }

    @Test
    void aWriteThatWaitsLongerThanTheBoundIsATransientFaultSoTheEngineRetriesTheStep() throws Exception {
        ServerLocks impatient = new ServerLocks(Duration.ofMillis(200));
        CountDownLatch reloadEnds = new CountDownLatch(1);
        holdInAnotherThread(() -> impatient.forReloading("nginx"), reloadEnds).get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> impatient.forWriting("nginx")).isInstanceOf(TransientFault.class)
                .hasMessageContaining("reload command 'nginx'");

        reloadEnds.countDown();
        // Nothing of the failed wait stays behind: the next write gets the lock.
        Awaitility.await().atMost(WITHIN).untilAsserted(() -> {
            try (ServerLocks.Held held = impatient.forWriting("nginx")) {
                assertThat(held).isNotNull();
            }
        });
    }
}
